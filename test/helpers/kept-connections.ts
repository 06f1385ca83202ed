// The PostgreSQL connections of one test's in-process runs, kept open from one run to the next.
// A new connection costs this server 20-30 ms of CPU (a fork, then the catalog caches its first
// queries load), and a test often runs the CLI dozens of times on its schema: the fuzz and
// injection tests hundreds. Each opening is still the CLI's own (openDatabase, the same settings);
// only its close is put off until the test's schema is dropped. Spawned runs, and runs on any other
// location (another role, options in the URL, a database that does not exist), connect anew.
import { openDatabase, type Db, type OpenOptions } from '../../src/store/connection.js';

/** Per test schema's location: its open databases by the options they were opened with. */
const kept = new Map<string, Map<string, Db>>();
/** Those the test opened itself (its TestDb.db): lent, but closed by the test. */
const lent = new Set<Db>();

// On PostgreSQL only read-only changes a connection's settings (it is enforced on each one).
const keyOf = (opts: OpenOptions) => (opts.readOnly ? 'read-only' : 'read-write');

/** From now until closeKept(location), in-process runs on `location` share their connections. */
export function keepConnectionsOf(location: string): void {
  kept.set(location, new Map());
}

/** The runs also borrow the test's own read-write database, which it opened with these options. */
export function lendToRuns(location: string, db: Db, opts: OpenOptions): void {
  kept.get(location)?.set(keyOf(opts), db);
  lent.add(db);
}

export async function closeKept(location: string): Promise<void> {
  const open = [...(kept.get(location)?.values() ?? [])];
  kept.delete(location);
  const own = open.filter((db) => !lent.delete(db));
  await Promise.allSettled(own.map((db) => db.close()));
}

/** openDatabase, lending a test's schema an open database of the same options when there is one. */
export function openKept(location: string, opts: OpenOptions): Db {
  const open = kept.get(location);
  if (!open) return openDatabase(location, opts);
  const key = keyOf(opts);
  let db = open.get(key);
  if (!db) {
    db = openDatabase(location, opts);
    open.set(key, db);
  }
  return { ...db, close: async () => {} };
}
