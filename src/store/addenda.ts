// Addenda owed in WebPT for deleted sessions, with who deleted each session and when.
import type { Queryable } from './queryable.js';
import type { Knex } from 'knex';
import type { Db } from './connection.js';
import { whereIdIn } from './sessions.js';


export interface Addendum {
  id: number;
  sessionId: number;
  sessionDate: string;
  patient: { id: number; name: string | null; chartNumber: string | null };
  /** When the session was deleted (the addendum was created in the same transaction). */
  deletedAt: string;
  /** The actor of the session.delete audit entry written with it, when there is one. */
  deletedBy: string | null;
  completedAt: string | null;
  completedBy: string | null;
  /** When the deletion was reverted (restore), so the addendum is no longer owed. */
  withdrawnAt: string | null;
}

export interface AddendaFilter {
  pending?: boolean;
  ids?: readonly number[];
  limit?: number;
}

// The delete writes its audit row and its addendum with the same instant; that pairs them even when
// SQLite has since handed the deleted session's id to another session.
const DELETED_BY = `(SELECT a.actor FROM audit_log a WHERE a.session_id = ad.session_id
  AND a.action = 'session.delete' AND a.at = ad.created_at ORDER BY a.id LIMIT 1) AS deleted_by`;

function query(db: Db, q: Queryable, filter: AddendaFilter): Knex.QueryBuilder {
  const qb = q('addenda as ad')
    .leftJoin('patients as p', 'p.id', 'ad.patient_id')
    .select('ad.*', 'p.first_name', 'p.last_name', 'p.chart_number', q.raw(DELETED_BY));
  if (filter.pending) qb.whereNull('ad.completed_at').whereNull('ad.withdrawn_at');
  if (filter.ids) whereIdIn(db, qb, 'ad.id', filter.ids);
  return qb;
}

function toAddendum(r: Record<string, unknown>): Addendum {
  const name = r.first_name == null ? null : `${String(r.first_name)} ${String(r.last_name)}`;
  return {
    id: Number(r.id),
    sessionId: Number(r.session_id),
    sessionDate: String(r.scheduled_date),
    patient: { id: Number(r.patient_id), name, chartNumber: r.chart_number == null ? null : String(r.chart_number) },
    deletedAt: String(r.created_at),
    deletedBy: r.deleted_by == null ? null : String(r.deleted_by),
    completedAt: r.completed_at == null ? null : String(r.completed_at),
    completedBy: r.completed_by == null ? null : String(r.completed_by),
    withdrawnAt: r.withdrawn_at == null ? null : String(r.withdrawn_at),
  };
}

/** Addenda oldest first (the longest owed at the top), with the total before any limit. */
export async function listAddenda(db: Db, filter: AddendaFilter): Promise<{ addenda: Addendum[]; total: number }> {
  const countQb = db.knex('addenda as ad');
  if (filter.pending) countQb.whereNull('ad.completed_at').whereNull('ad.withdrawn_at');
  const [countRow] = await countQb.count({ n: '*' });
  const qb = query(db, db.knex, filter).orderBy([{ column: 'ad.created_at' }, { column: 'ad.id' }]);
  if (filter.limit !== undefined) qb.limit(filter.limit);
  const rows = (await qb) as Record<string, unknown>[];
  return { addenda: rows.map(toAddendum), total: Number((countRow as { n: number | string }).n) };
}

/** The addenda with these ids, locked for update on PostgreSQL, with their stored rows for the audit snapshot. */
export async function addendaForUpdate(
  db: Db,
  trx: Knex.Transaction,
  ids: readonly number[],
): Promise<Map<number, { addendum: Addendum; raw: Record<string, unknown> }>> {
  const map = new Map<number, { addendum: Addendum; raw: Record<string, unknown> }>();
  if (ids.length === 0) return map;
  if (db.engine === 'pg') await whereIdIn(db, trx('addenda').select('id'), 'id', ids).orderBy('id').forUpdate();
  // One query at a time: a transaction is one connection.
  const rows = (await query(db, trx, { ids })) as Record<string, unknown>[];
  const raws = (await whereIdIn(db, trx('addenda').select('*'), 'id', ids)) as Record<string, unknown>[];
  const rawById = new Map(raws.map((r) => [Number(r.id), r]));
  for (const r of rows) map.set(Number(r.id), { addendum: toAddendum(r), raw: rawById.get(Number(r.id)) ?? r });
  return map;
}

/** Withdraws a pending addendum (its deletion was reverted); returns how many changed (0 or 1). */
export async function withdrawAddendum(trx: Knex.Transaction, id: number, at: string): Promise<number> {
  return Number(await trx('addenda').update({ withdrawn_at: at }).where({ id }).whereNull('completed_at').whereNull('withdrawn_at'));
}

/** The stored addendum row, or null. */
export async function addendumRow(q: Queryable, id: number): Promise<Record<string, unknown> | null> {
  return ((await q('addenda').select('*').where({ id }).first()) as Record<string, unknown> | undefined) ?? null;
}

/** Marks pending addenda completed; returns how many changed. */
export async function markAddendaCompleted(
  db: Db,
  trx: Knex.Transaction,
  ids: readonly number[],
  at: string,
  by: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const qb = trx('addenda').update({ completed_at: at, completed_by: by }).whereNull('completed_at');
  return Number(await whereIdIn(db, qb, 'id', ids));
}
