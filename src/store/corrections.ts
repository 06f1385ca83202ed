// The writes behind the corrections (confirm, revert, restore, charge removal) and the reads they
// make under their lock. Only src/actions calls the writers, inside writeTransaction().
import type { Knex } from 'knex';
import type { Queryable } from './queryable.js';
import type { SessionStatus } from '../domain/types.js';
import type { Db } from './connection.js';
import { whereIdIn } from './sessions.js';


/** scheduled → confirmed; returns how many changed. */
export async function confirmSessionRows(db: Db, trx: Knex.Transaction, ids: readonly number[], at: string): Promise<number> {
  if (ids.length === 0) return 0;
  const qb = trx('sessions').update({ status: 'confirmed', confirmed_at: at }).where('status', 'scheduled');
  return Number(await whereIdIn(db, qb, 'id', ids));
}

/** cancelled → the status and class given, cancelled_at cleared; returns how many changed (0 or 1). */
export async function uncancelSessionRow(
  trx: Knex.Transaction,
  id: number,
  status: Exclude<SessionStatus, 'cancelled'>,
  classId: number | null,
): Promise<number> {
  return Number(
    await trx('sessions').update({ status, session_class_id: classId, cancelled_at: null }).where({ id, status: 'cancelled' }),
  );
}

/** Which of these ids exist in the table. */
export async function existingIds(db: Db, q: Queryable, table: string, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = (await whereIdIn(db, q(table).select('id'), 'id', ids)) as Array<{ id: number }>;
  return new Set(rows.map((r) => Number(r.id)));
}

/** Only the columns the table has now: a snapshot may carry a column that a later migration dropped. */
async function columnsOf(db: Db, q: Queryable, table: string): Promise<Set<string>> {
  if (db.engine === 'sqlite') {
    const rows = (await q.select('name').from(q.raw('pragma_table_info(?)', [table]))) as Array<{ name: string }>;
    return new Set(rows.map((r) => r.name));
  }
  const rows = (await q('information_schema.columns')
    .select('column_name')
    .where({ table_name: table })
    .whereRaw('table_schema = current_schema()')) as Array<{ column_name: string }>;
  return new Set(rows.map((r) => r.column_name));
}

/**
 * Puts snapshot rows back with their original ids, one statement per row (a restore is a handful of
 * rows). On PostgreSQL the id sequence is then moved past the highest id, or the next ordinary
 * insert would be handed an id that is taken.
 */
export async function insertWithIds(
  db: Db,
  trx: Knex.Transaction,
  table: 'sessions' | 'charges' | 'notes',
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = await columnsOf(db, trx, table);
  for (const row of rows) {
    await trx(table).insert(Object.fromEntries(Object.entries(row).filter(([k]) => columns.has(k))));
  }
  if (db.engine === 'pg') {
    const top = Math.max(...rows.map((r) => Number(r.id)));
    // Never backwards: an id handed out before (and since deleted) must not be handed out again.
    await trx.raw(
      `SELECT setval(q.seq, GREATEST(?, COALESCE(pg_sequence_last_value(q.seq), 0), (SELECT COALESCE(MAX(id), 0) FROM ??)))
       FROM (SELECT pg_get_serial_sequence(?, 'id')::regclass AS seq) q`,
      [top, table, table],
    );
  }
}

export interface ChargeRow {
  id: number;
  sessionId: number;
  cptCode: string;
  units: number;
  amountCents: number;
}

/** The charges with these ids, as stored (the audit snapshot) and as read; missing ids are absent. */
export async function chargesByIds(
  db: Db,
  q: Queryable,
  ids: readonly number[],
): Promise<Array<{ charge: ChargeRow; raw: Record<string, unknown> }>> {
  if (ids.length === 0) return [];
  const rows = (await whereIdIn(db, q('charges').select('*'), 'id', ids).orderBy('id')) as Record<string, unknown>[];
  return rows.map((raw) => ({
    raw,
    charge: {
      id: Number(raw.id),
      sessionId: Number(raw.session_id),
      cptCode: String(raw.cpt_code),
      units: Number(raw.units),
      amountCents: Number(raw.amount_cents),
    },
  }));
}

export async function deleteCharges(db: Db, trx: Knex.Transaction, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  return Number(await whereIdIn(db, trx('charges').delete(), 'id', ids));
}

export interface ClaimRow {
  id: number;
  sessionId: number;
  payer: string;
  billedAt: string;
  status: string;
}

/** The claims of these sessions, by session. */
export async function claimsOf(db: Db, q: Queryable, sessionIds: readonly number[]): Promise<Map<number, ClaimRow[]>> {
  const map = new Map<number, ClaimRow[]>();
  if (sessionIds.length === 0) return map;
  const rows = (await whereIdIn(db, q('claims').select('id', 'session_id', 'payer', 'billed_at', 'status'), 'session_id', sessionIds).orderBy(
    'id',
  )) as Record<string, unknown>[];
  for (const r of rows) {
    const claim = { id: Number(r.id), sessionId: Number(r.session_id), payer: String(r.payer), billedAt: String(r.billed_at), status: String(r.status) };
    map.set(claim.sessionId, [...(map.get(claim.sessionId) ?? []), claim]);
  }
  return map;
}
