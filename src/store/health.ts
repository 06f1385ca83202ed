// What `sessionctl doctor` reads: the database's own consistency checks and the backlogs that need a
// person. Reads only, so that it works on a read-only connection.
import { existsSync, statSync } from 'node:fs';
import type { Db } from './connection.js';

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/** SQLite's PRAGMA integrity_check: the problems it lists (none when it says "ok"). */
export async function integrityProblems(db: Db): Promise<string[]> {
  const rows = rowsOf<{ integrity_check: string }>(await db.knex.raw('PRAGMA integrity_check(20)'));
  return rows.map((r) => r.integrity_check).filter((s) => s !== 'ok');
}

export interface ForeignKeyProblem {
  /** The table whose rows point at nothing. */
  table: string;
  /** The table they point at. */
  parent: string;
  rows: number;
  /** Some of the ids they point at (to look up in the audit log). */
  missing: number[];
}

// The foreign keys of CONTRACT §1, for PostgreSQL, where nothing like foreign_key_check exists: rows
// can point at nothing there too when constraints were disabled for a load (session_replication_role).
const FOREIGN_KEYS: ReadonlyArray<readonly [string, string, string]> = [
  ['sessions', 'patient_id', 'patients'],
  ['sessions', 'provider_id', 'providers'],
  ['sessions', 'location_id', 'locations'],
  ['sessions', 'session_class_id', 'session_classes'],
  ...(['claims', 'charges', 'payments', 'adjustments', 'notes'] as const).map((t) => [t, 'session_id', 'sessions'] as const),
];

/** Rows that point at a row that does not exist: SQLite's PRAGMA foreign_key_check, or the same by query. */
export async function foreignKeyProblems(db: Db): Promise<ForeignKeyProblem[]> {
  const found = new Map<string, ForeignKeyProblem>();
  const add = (table: string, parent: string, missing: number) => {
    const key = `${table}>${parent}`;
    const p = found.get(key) ?? { table, parent, rows: 0, missing: [] };
    p.rows += 1;
    if (p.missing.length < 10 && !p.missing.includes(missing)) p.missing.push(missing);
    found.set(key, p);
  };
  if (db.engine === 'sqlite') {
    const rows = rowsOf<{ table: string; rowid: number; parent: string; fkid: number }>(await db.knex.raw('PRAGMA foreign_key_check'));
    for (const r of rows) {
      const fks = rowsOf<{ id: number; from: string }>(await db.knex.raw('SELECT id, "from" FROM pragma_foreign_key_list(?)', [r.table]));
      const column = fks.find((f) => f.id === r.fkid)?.from;
      const row = column ? await db.knex(r.table).where('rowid', r.rowid).first(column) : undefined;
      add(r.table, r.parent, Number(row?.[column as string] ?? 0));
    }
  } else {
    for (const [table, column, parent] of FOREIGN_KEYS) {
      const rows = await db.knex(`${table} as c`)
        .select(`c.${column} as missing`)
        .whereNotNull(`c.${column}`)
        .whereNotExists((q) => q.select(1).from(`${parent} as p`).whereRaw(`p.id = c.${column}`))
        .limit(1000);
      for (const r of rows as Array<{ missing: number }>) add(table, parent, Number(r.missing));
    }
  }
  return [...found.values()];
}

/** PostgreSQL: constraints added NOT VALID and never validated, and indexes left invalid (a failed CREATE INDEX CONCURRENTLY). */
export async function pgCatalogProblems(db: Db): Promise<string[]> {
  const constraints = rowsOf<{ name: string; tbl: string }>(
    await db.knex.raw(`SELECT c.conname AS name, t.relname AS tbl FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE NOT c.convalidated AND t.relnamespace = current_schema()::regnamespace ORDER BY 2, 1`),
  );
  const indexes = rowsOf<{ name: string }>(
    await db.knex.raw(`SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE NOT x.indisvalid AND i.relnamespace = current_schema()::regnamespace ORDER BY 1`),
  );
  return [
    ...constraints.map((c) => `constraint ${c.name} on ${c.tbl} was never validated`),
    ...indexes.map((i) => `index ${i.name} is invalid`),
  ];
}

export interface StaleAddenda {
  count: number;
  oldest: string | null;
  ids: number[];
}

/** Addenda still owed in WebPT that were created before `before` (an instant), oldest first. */
export async function staleAddenda(db: Db, before: string): Promise<StaleAddenda> {
  const qb = db.knex('addenda').whereNull('completed_at').where('created_at', '<', before);
  // Withdrawn addenda (a restored session's) are owed no longer, where that column exists.
  if (await db.knex.schema.hasColumn('addenda', 'withdrawn_at')) qb.whereNull('withdrawn_at');
  const rows = (await qb.clone().select('id', 'created_at').orderBy([{ column: 'created_at' }, { column: 'id' }]).limit(20)) as Array<{ id: number; created_at: string }>;
  const [counted] = (await qb.count({ n: '*' })) as Array<{ n: number | string }>;
  return { count: Number(counted?.n ?? 0), oldest: rows[0]?.created_at ?? null, ids: rows.map((r) => Number(r.id)) };
}

export interface InactiveProviderSessions {
  provider: { id: number; name: string };
  sessions: number;
  first: string;
}

/** Sessions from `from` on, not cancelled, whose provider is inactive: nobody will see those patients. */
export async function sessionsOfInactiveProviders(db: Db, from: string): Promise<InactiveProviderSessions[]> {
  const rows = (await db.knex('sessions as s')
    .join('providers as pr', 'pr.id', 's.provider_id')
    .where('pr.active', false)
    .where('s.scheduled_date', '>=', from)
    .whereNot('s.status', 'cancelled')
    .groupBy('pr.id', 'pr.name')
    .select('pr.id', 'pr.name')
    .count({ n: '*' })
    .min({ first: 's.scheduled_date' })
    .orderBy('pr.id')) as Array<{ id: number; name: string; n: number | string; first: string }>;
  return rows.map((r) => ({ provider: { id: Number(r.id), name: r.name }, sessions: Number(r.n), first: r.first }));
}

export interface WalSize {
  /** null when this user may not see it (PostgreSQL without pg_monitor). */
  bytes: number | null;
  /** PostgreSQL: max_wal_size, the size the server keeps it under in normal running. */
  normalBytes: number | null;
}

/** The size of the write-ahead log: SQLite's -wal file; PostgreSQL's pg_wal. */
export async function walSize(db: Db, sqliteFile: string): Promise<WalSize> {
  if (db.engine === 'sqlite') {
    const wal = `${sqliteFile}-wal`;
    return { bytes: existsSync(wal) ? statSync(wal).size : 0, normalBytes: null };
  }
  const [max] = rowsOf<{ bytes: string }>(await db.knex.raw(`SELECT pg_size_bytes(current_setting('max_wal_size')) AS bytes`));
  const normalBytes = Number(max?.bytes ?? 0);
  try {
    const [row] = rowsOf<{ bytes: string | null }>(await db.knex.raw('SELECT sum(size)::bigint AS bytes FROM pg_ls_waldir()'));
    return { bytes: Number(row?.bytes ?? 0), normalBytes };
  } catch {
    return { bytes: null, normalBytes };
  }
}
