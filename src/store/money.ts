// Payments and adjustments posted to sessions: the rows that block a delete until someone removes them.
import type { Queryable } from './queryable.js';
import type { Knex } from 'knex';
import type { Db } from './connection.js';
import { whereIdIn } from './sessions.js';
import { POSTED_PLURAL, type PostedKind } from '../domain/posted.js';

export type { PostedKind };

/** A kind's table is named by its plural. */
export const POSTED_TABLE = POSTED_PLURAL;

/** A payment or an adjustment; `label` is the method of a payment or the reason of an adjustment. */
export interface PostedRow {
  id: number;
  sessionId: number;
  amountCents: number;
  label: string;
  postedAt: string;
}

const LABEL_COLUMN: Record<PostedKind, 'method' | 'reason'> = { payment: 'method', adjustment: 'reason' };

function toPosted(kind: PostedKind, r: Record<string, unknown>): PostedRow {
  return {
    id: Number(r.id),
    sessionId: Number(r.session_id),
    amountCents: Number(r.amount_cents),
    label: String(r[LABEL_COLUMN[kind]] ?? ''),
    postedAt: String(r.posted_at),
  };
}

/** The payments (or adjustments) of one session, oldest first. */
export async function postedForSession(q: Queryable, kind: PostedKind, sessionId: number): Promise<PostedRow[]> {
  const rows = (await q(POSTED_TABLE[kind]).select('*').where('session_id', sessionId).orderBy('id')) as Record<
    string,
    unknown
  >[];
  return rows.map((r) => toPosted(kind, r));
}

/** The rows with these ids, as stored (the audit snapshot) and as read; missing ids are absent. */
export async function postedByIds(
  db: Db,
  q: Queryable,
  kind: PostedKind,
  ids: readonly number[],
): Promise<Array<{ row: PostedRow; raw: Record<string, unknown> }>> {
  if (ids.length === 0) return [];
  const rows = (await whereIdIn(db, q(POSTED_TABLE[kind]).select('*'), 'id', ids).orderBy('id')) as Record<
    string,
    unknown
  >[];
  return rows.map((raw) => ({ row: toPosted(kind, raw), raw }));
}

/** Deletes the rows with these ids; returns how many went. */
export async function deletePosted(db: Db, trx: Knex.Transaction, kind: PostedKind, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  return Number(await whereIdIn(db, trx(POSTED_TABLE[kind]).delete(), 'id', ids));
}
