// The PostgreSQL connections of one test's in-process runs, kept open from one run to the next.
// A new connection costs this server 20-30 ms of CPU (a fork, then the catalog caches its first
// queries load), and a test often runs the CLI dozens of times on its schema: the fuzz and
// injection tests hundreds. Each opening is still the CLI's own (openDatabase, the same settings),
// and the runs also borrow the test's own database (TestDb.db); only the close is put off until
// the test's schema is dropped. Spawned runs, and runs on any location not kept (another role,
// options in the URL, a database that does not exist), connect anew.
import { openDatabase, type Db, type OpenOptions } from '../../src/store/connection.js';

interface Kept {
  /** keepConnectionsOf() calls not yet matched by closeKept(). */
  holders: number;
  /** The open databases, by the one option that changes a PostgreSQL connection's settings. */
  open: Map<'read-only' | 'read-write', Db>;
  /** The test's own database: lent, but closed by the test. */
  lent: Db | null;
}

const kept = new Map<string, Kept>();

const keyOf = (opts: OpenOptions) => (opts.readOnly ? 'read-only' : 'read-write');

/** Until the matching closeKept(location), in-process runs on `location` share their connections. */
export function keepConnectionsOf(location: string): void {
  const entry = kept.get(location) ?? { holders: 0, open: new Map(), lent: null };
  entry.holders += 1;
  kept.set(location, entry);
}

/** The runs on `location` also borrow the test's own read-write database. */
export function lendToRuns(location: string, db: Db): void {
  const entry = kept.get(location);
  if (!entry) return;
  entry.open.set('read-write', db);
  entry.lent = db;
}

/** The last holder of `location` closes what its runs opened (not the lent database). */
export async function closeKept(location: string): Promise<void> {
  const entry = kept.get(location);
  if (!entry || --entry.holders > 0) return;
  kept.delete(location);
  const own = [...entry.open.values()].filter((db) => db !== entry.lent);
  await Promise.allSettled(own.map((db) => db.close()));
}

/** openDatabase, lending a kept location's runs the open database of the same options when there is one. */
export function openKept(location: string, opts: OpenOptions): Db {
  const entry = kept.get(location);
  if (!entry) return openDatabase(location, opts);
  const key = keyOf(opts);
  let db = entry.open.get(key);
  if (!db) {
    db = openDatabase(location, opts);
    entry.open.set(key, db);
  }
  return { ...db, close: async () => {} };
}
