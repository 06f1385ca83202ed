// The writes behind the actions: locking, deleting, cancelling, the audit trail and addenda.
// Only src/actions calls these, inside a transaction it opened with writeTransaction().
import { userInfo } from 'node:os';
import type { Knex } from 'knex';
import type { Db } from './connection.js';
import { selectRows } from './json-rows.js';
import { whereIdIn } from './sessions.js';
import { GENESIS, chainHash, linkHash } from './audit-chain.js';

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

const bulkRuns = new WeakSet<Db>();

/** SQLite's own default, which no other code of ours changes. */
const WAL_AUTOCHECKPOINT_PAGES = 1000;

async function endBulkWrite(db: Db): Promise<void> {
  await db.knex.raw('PRAGMA wal_checkpoint(PASSIVE)');
  await db.knex.raw(`PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
}

/**
 * Around a write of many sessions in batches (SQLite; a nested call is part of the outer one): room
 * for the pages it will change, and no checkpoint until it ends. At the default of
 * a checkpoint after any commit that leaves 1,000 pages in the write-ahead log, each batch of the 1M
 * clean-up copied its 1,600 changed pages into the database file again, and its 21 commits took
 * 850-940 ms; without, 285-300 ms, and the one checkpoint at the end (about 450 ms) copies each page
 * once. The log grows meanwhile (to 137 MB for those 10,378 sessions); closing the database removes it.
 */
export async function inBulkWrite<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (db.engine !== 'sqlite' || bulkRuns.has(db)) return work();
  bulkRuns.add(db);
  try {
    await db.knex.raw(`PRAGMA cache_size = -${BULK_CACHE_KIB}`);
    await db.knex.raw('PRAGMA wal_autocheckpoint = 0');
    let value: T;
    try {
      value = await work();
    } catch (err) {
      // The first error is the one to report; a log left long is checkpointed by the next commit.
      await endBulkWrite(db).catch(() => undefined);
      throw err;
    }
    await endBulkWrite(db);
    return value;
  } finally {
    bulkRuns.delete(db);
  }
}

/** Row locks on PostgreSQL, in id order so that two bulk runs cannot deadlock. */
export async function lockSessions(db: Db, trx: Knex.Transaction, ids: readonly number[]): Promise<void> {
  if (db.engine !== 'pg' || ids.length === 0) return;
  await whereIdIn(db, trx('sessions').select('id'), 'id', ids).orderBy('id').forUpdate();
}

/**
 * PostgreSQL: the notes of these sessions too, before their facts are read. A new claim, payment,
 * adjustment or note waits for the session's lock (its foreign-key check takes a share lock on the
 * session row), but an UPDATE of an existing draft note to finalized touches no session row: without
 * this lock it could land between the re-check and the delete.
 */
export async function lockNotes(db: Db, trx: Knex.Transaction, ids: readonly number[]): Promise<void> {
  if (db.engine !== 'pg' || ids.length === 0) return;
  await whereIdIn(db, trx('notes').select('id'), 'session_id', ids).orderBy('id').forUpdate();
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
  const rows = await selectRows(db, trx, qb, await columnsOf(db, trx, table));
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

const knownColumns = new WeakMap<Db, { version: number; tables: Map<string, string[]> }>();

/**
 * Every column of a SQLite table, whatever the practice system has added: named from the table
 * itself, and read again whenever the schema version (which every change of schema moves) differs.
 * The clean-up reads three tables a batch: reading their definitions each time cost 2-6 ms a batch.
 */
async function columnsOf(db: Db, trx: Knex.Transaction, table: string): Promise<string[]> {
  const [{ schema_version: version }] = (await trx.raw('PRAGMA schema_version')) as [{ schema_version: number }];
  let known = knownColumns.get(db);
  if (known?.version !== version) {
    known = { version, tables: new Map() };
    knownColumns.set(db, known);
  }
  let columns = known.tables.get(table);
  if (!columns) {
    const rows = (await trx.select('name').from(trx.raw('pragma_table_info(?)', [table]))) as Array<{ name: string }>;
    columns = rows.map((c) => c.name);
    known.tables.set(table, columns);
  }
  return columns;
}

/**
 * Deletes charges, the given notes and the sessions, and writes the entries that record it: the
 * entries are hashed while the sessions' rows and index entries are deleted (on the 1M clean-up,
 * 8-9 ms of JavaScript a batch beside the 16 ms DELETE). Returns how many sessions were deleted.
 */
export async function deleteSessionRows(
  db: Db,
  trx: Knex.Transaction,
  ids: readonly number[],
  notes: 'draft' | 'all',
  audit: { actor: string; at: string; entries: readonly AuditEntry[] },
): Promise<number> {
  if (ids.length > 0) {
    await whereIdIn(db, trx('charges').delete(), 'session_id', ids);
    const noteDelete = trx('notes').delete();
    if (notes === 'draft') noteDelete.where('status', 'draft');
    await whereIdIn(db, noteDelete, 'session_id', ids);
  }
  let deleted = 0;
  await writeAudit(trx, audit.actor, audit.at, audit.entries, async () => {
    if (ids.length > 0) deleted = Number(await whereIdIn(db, trx('sessions').delete(), 'id', ids));
  });
  return deleted;
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

/** The columns of one audit row as writeAudit fills them. */
const AUDIT_COLUMNS = ['id', 'at', 'actor', 'action', 'session_id', 'detail', 'prev_hash', 'hash', 'os_user', 'db_user'] as const;

const isPgTrx = (trx: Knex.Transaction) => trx.client.config.client === 'pg';

/**
 * Appends are serialised so that the chain never forks: whoever appends holds the lock from reading
 * the last row until its commit. SQLite: the transaction already holds the one writer's lock
 * (writeTransaction), and a deferred one could not write on a stale read anyway (SQLITE_BUSY).
 * PostgreSQL: a transaction-scoped advisory lock keyed by audit_log's oid (so each schema's table has
 * its own), not LOCK TABLE ... IN EXCLUSIVE MODE: that needs UPDATE, DELETE or TRUNCATE privilege on
 * audit_log, which a role that may only append must not have; the advisory lock needs no privilege,
 * never blocks readers (verify, listings), and is released by the commit or rollback.
 */
async function lockChain(trx: Knex.Transaction): Promise<{ dbUser: string | null }> {
  if (!isPgTrx(trx)) return { dbUser: null };
  // session_user: the role that logged in, which SET ROLE does not change.
  const { rows } = (await trx.raw(
    `SELECT pg_advisory_xact_lock('audit_log'::regclass::oid::bigint), session_user AS db_user`,
  )) as { rows: Array<{ db_user: string }> };
  return { dbUser: rows[0]?.db_user ?? null };
}

let osUserCache: string | null | undefined;
/** The operating-system user running this process, as the system reports it (not --actor). */
function osUser(): string | null {
  if (osUserCache === undefined) {
    try {
      osUserCache = userInfo().username;
    } catch {
      osUserCache = null;
    }
  }
  return osUserCache;
}

/** The hash the next row links to, and the last id in use. Read under lockChain. */
async function chainTail(trx: Knex.Transaction): Promise<{ prev: string; lastId: number }> {
  const last = (await trx('audit_log').select(AUDIT_COLUMNS).orderBy('id', 'desc').first()) as
    | Record<string, unknown>
    | undefined;
  if (!last) return { prev: GENESIS, lastId: 0 };
  const lastId = Number(last.id);
  if (typeof last.hash === 'string' && last.hash !== '') return { prev: last.hash, lastId };
  // Rows at the end that another program wrote without a hash: link through the hashes they should
  // have had, as `audit verify` does, so they are reported once and the chain goes on.
  const anchor = (await trx('audit_log').whereNotNull('hash').orderBy('id', 'desc').first('id', 'hash')) as
    | { id: number; hash: string }
    | undefined;
  const foreign = (await trx('audit_log')
    .select(AUDIT_COLUMNS)
    .where('id', '>', anchor ? Number(anchor.id) : 0)
    .orderBy('id')) as Record<string, unknown>[];
  let prev = anchor?.hash ?? GENESIS;
  for (const r of foreign) prev = linkHash(r, prev);
  return { prev, lastId };
}

/**
 * Ids for `count` new rows, above every id in use. PostgreSQL: from the column's own sequence, so
 * that a program inserting without an id stays in step. SQLite: above AUTOINCREMENT's high-water
 * mark too, so that an id is never used twice even when rows were removed behind our back.
 */
/** audit_log's id sequence on PostgreSQL, named by the server (so a schema's own table is the one used). */
const AUDIT_ID_SEQUENCE = `pg_get_serial_sequence('audit_log', 'id')`;

async function nextIds(trx: Knex.Transaction, lastId: number, count: number): Promise<number[]> {
  let base = lastId;
  if (isPgTrx(trx)) {
    const taken = async () =>
      ((await trx.raw(`SELECT nextval(${AUDIT_ID_SEQUENCE}) AS id FROM generate_series(1, ?)`, [count])).rows as Array<{ id: string }>)
        .map((r) => Number(r.id))
        .sort((a, b) => a - b);
    let ids = await taken();
    if ((ids[0] ?? Infinity) <= lastId) {
      // Someone inserted ids past the sequence: move it on rather than collide.
      await trx.raw(`SELECT setval(${AUDIT_ID_SEQUENCE}, ?)`, [lastId]);
      ids = await taken();
    }
    return ids;
  }
  const seq = (await trx('sqlite_sequence').where({ name: 'audit_log' }).first('seq')) as { seq: number } | undefined;
  base = Math.max(base, Number(seq?.seq ?? 0));
  return Array.from({ length: count }, (_, i) => base + 1 + i);
}

/**
 * Audit rows on SQLite, 500 to a statement (rowsPerInsert), every value bound in one multi-row
 * VALUES. knex writes a multi-row insert as a compound SELECT, which SQLite plans term by term; one
 * JSON parameter taken apart by json_each cost SQLite more than binding: 500 rows with details of
 * 1.3 KiB took 7.9-11.6 ms that way against 5.9-6.4 ms bound (node-sqlite3, in a transaction).
 */
async function insertAuditSqlite(trx: Knex.Transaction, rows: Record<string, unknown>[]): Promise<void> {
  const row = `(${AUDIT_COLUMNS.map(() => '?').join(', ')})`;
  const per = rowsPerInsert(AUDIT_COLUMNS.length);
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const placeholders = chunk.map(() => row).join(', ');
    const values = chunk.flatMap((r) => AUDIT_COLUMNS.map((c) => (r[c] ?? null) as Knex.Value));
    await trx.raw(`INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) VALUES ${placeholders}`, values);
  }
}

/**
 * Appends entries to the audit trail, chained (CONTRACT §4.4); returns their ids, in order.
 * `meanwhile`: a statement of the same transaction for the database to run while the entries are
 * encoded and hashed here, once the chain's end is known; it has finished when this returns.
 */
export async function writeAudit(
  trx: Knex.Transaction,
  actor: string,
  at: string,
  entries: readonly AuditEntry[],
  meanwhile?: () => Promise<unknown>,
): Promise<number[]> {
  if (entries.length === 0) {
    await meanwhile?.();
    return [];
  }
  const { dbUser } = await lockChain(trx);
  const { prev, lastId } = await chainTail(trx);
  const ids = await nextIds(trx, lastId, entries.length);
  const running = meanwhile?.();
  if (running) {
    // Its failure is reported where it is awaited below, not as an unhandled rejection meanwhile.
    running.catch(() => undefined);
    // The driver sends the statement once the promises between here and it have run.
    await new Promise((resolve) => setImmediate(resolve));
  }
  let link = prev;
  const rows = entries.map((e, i) => {
    const fields = { id: ids[i] as number, at, actor, action: e.action, session_id: e.sessionId, detail: JSON.stringify(e.detail) };
    const row = { ...fields, prev_hash: link, hash: chainHash(fields, link), os_user: osUser(), db_user: dbUser };
    link = row.hash;
    return row;
  });
  await running;
  if (isPgTrx(trx)) await insertChunked(trx, 'audit_log', rows);
  else await insertAuditSqlite(trx, rows);
  return ids;
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
