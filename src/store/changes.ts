// The writes behind the actions: locking, deleting, cancelling, the audit trail and addenda.
// Only src/actions calls these, inside a transaction it opened with writeTransaction().
import type { Knex } from 'knex';
import type { Db } from './connection.js';
import { selectRows } from './json-rows.js';
import { whereIdIn } from './sessions.js';

/**
 * Rows per multi-row INSERT: SQLite takes at most 32766 bound values per statement, and knex
 * writes SQLite's multi-row inserts as a compound SELECT, which SQLite caps at 500 terms.
 */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.min(500, Math.floor(30000 / Math.max(1, columns))));
}

export interface AuditEntry {
  action: string;
  sessionId: number | null;
  detail: Record<string, unknown>;
}

export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A write transaction that holds the writer's lock from its first statement. On SQLite a deferred
 * BEGIN would let two processes read the same facts and then race to write; a no-op UPDATE takes the
 * RESERVED lock at once (waiting up to busy_timeout). PostgreSQL locks rows instead (lockSessions).
 */
export async function writeTransaction<T>(db: Db, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.knex.transaction(async (trx) => {
    if (db.engine === 'sqlite') await trx.raw('UPDATE settings SET key = key WHERE 0');
    return work(trx);
  });
}

// SQLite's default page cache (2 MiB) is smaller than what a batch of a bulk delete dirties, so pages
// were spilled and read again inside each batch; raised only for bulk writes, so that read screens
// keep their small footprint. 64 MiB served batches of 5,000 spread over the whole file; the clean-up
// now deletes 500 at a time in date order (rows and index pages close together), and 8 MiB is room
// enough while keeping its peak memory near 150 MiB (see DUPLICATE_BATCH in src/actions/duplicates.ts).
const BULK_CACHE_KIB = 8192;

/** Before a write of many sessions: room for the pages it will change (SQLite; one connection, so it stays set). */
export async function prepareBulkWrite(db: Db): Promise<void> {
  if (db.engine === 'sqlite') await db.knex.raw(`PRAGMA cache_size = -${BULK_CACHE_KIB}`);
}

/** Row locks on PostgreSQL, in id order so that two bulk runs cannot deadlock. */
export async function lockSessions(db: Db, trx: Knex.Transaction, ids: readonly number[]): Promise<void> {
  if (db.engine !== 'pg' || ids.length === 0) return;
  await whereIdIn(db, trx('sessions').select('id'), 'id', ids).orderBy('id').forUpdate();
}

/** Raw rows of a table for these sessions, as they are stored, by id: the audit snapshot. */
export async function rowsOf(
  db: Db,
  trx: Knex.Transaction,
  table: 'sessions' | 'charges' | 'notes',
  ids: readonly number[],
  where?: Record<string, unknown>,
): Promise<Record<string, unknown>[]> {
  if (ids.length === 0) return [];
  const qb = trx(table).select('*');
  whereIdIn(db, qb, table === 'sessions' ? 'id' : 'session_id', ids);
  if (where) qb.where(where);
  if (db.engine !== 'sqlite') return qb.orderBy('id');
  // Every column, whatever the practice system has added: named from the table itself.
  const columns = (await trx.select('name').from(trx.raw('pragma_table_info(?)', [table]))) as Array<{ name: string }>;
  const rows = await selectRows(db, trx, qb, columns.map((c) => c.name));
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Deletes charges, the given notes and the sessions; returns how many sessions were deleted. */
export async function deleteSessionRows(
  db: Db,
  trx: Knex.Transaction,
  ids: readonly number[],
  notes: 'draft' | 'all',
): Promise<number> {
  if (ids.length === 0) return 0;
  await whereIdIn(db, trx('charges').delete(), 'session_id', ids);
  const noteDelete = trx('notes').delete();
  if (notes === 'draft') noteDelete.where('status', 'draft');
  await whereIdIn(db, noteDelete, 'session_id', ids);
  return Number(await whereIdIn(db, trx('sessions').delete(), 'id', ids));
}

export async function cancelSessionRows(
  db: Db,
  trx: Knex.Transaction,
  ids: readonly number[],
  classId: number,
  at: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const qb = trx('sessions')
    .update({ status: 'cancelled', session_class_id: classId, cancelled_at: at })
    .whereNot('status', 'cancelled');
  return Number(await whereIdIn(db, qb, 'id', ids));
}

async function insertChunked(trx: Knex.Transaction, table: string, rows: Record<string, unknown>[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const size = rowsPerInsert(Object.keys(rows[0] as object).length);
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const inserted = await trx(table).insert(rows.slice(i, i + size)).returning('id');
    for (const r of inserted as Array<{ id: number } | number>) ids.push(Number(typeof r === 'object' ? r.id : r));
  }
  return ids;
}

const AUDIT_COLUMNS = ['at', 'actor', 'action', 'session_id', 'detail'] as const;

/**
 * Audit rows on SQLite in one statement however many, handed over as one JSON parameter: knex writes
 * a multi-row insert as a compound SELECT of at most 500 terms, which SQLite parses and plans anew
 * each time. audit_log's id is AUTOINCREMENT and the transaction holds the writer's lock, so the ids
 * of one statement rise in the order of its rows.
 */
async function insertAuditSqlite(trx: Knex.Transaction, rows: Record<string, unknown>[]): Promise<number[]> {
  const picks = AUDIT_COLUMNS.map((c) => `value ->> '$.${c}'`).join(', ');
  const inserted = (await trx.raw(
    `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) SELECT ${picks} FROM json_each(?) ORDER BY key RETURNING id`,
    [JSON.stringify(rows)],
  )) as Array<{ id: number }>;
  return inserted.map((r) => Number(r.id)).sort((a, b) => a - b);
}

export async function writeAudit(
  trx: Knex.Transaction,
  actor: string,
  at: string,
  entries: readonly AuditEntry[],
): Promise<number[]> {
  const rows = entries.map((e) => ({ at, actor, action: e.action, session_id: e.sessionId, detail: JSON.stringify(e.detail) }));
  if (rows.length > 1 && trx.client.config.client === 'sqlite3') return insertAuditSqlite(trx, rows);
  return insertChunked(trx, 'audit_log', rows);
}

export interface AddendumRow {
  session_id: number;
  patient_id: number;
  scheduled_date: string;
}

export async function writeAddenda(trx: Knex.Transaction, at: string, rows: readonly AddendumRow[]): Promise<number[]> {
  return insertChunked(
    trx,
    'addenda',
    rows.map((r) => ({ ...r, created_at: at })),
  );
}
