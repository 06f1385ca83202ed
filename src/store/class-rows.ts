// Session classes as the `classes` command sees them (with how many sessions use each), and their writes.
import type { Queryable } from './queryable.js';
import type { Knex } from 'knex';
import type { SessionClass } from '../domain/types.js';
import type { Db } from './connection.js';
import { toClass } from './classes.js';


export interface ClassUsage extends SessionClass {
  /** Sessions that carry this class, whatever their status. */
  sessions: number;
}

export async function listClassUsage(q: Queryable): Promise<ClassUsage[]> {
  const rows = (await q('session_classes as c')
    .select('c.*', q.raw('(SELECT COUNT(*) FROM sessions s WHERE s.session_class_id = c.id) AS n_sessions'))
    .orderBy('c.name')) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    ...toClass(r as unknown as Parameters<typeof toClass>[0]),
    sessions: Number(r.n_sessions),
  }));
}

export async function classRow(q: Queryable, id: number): Promise<Record<string, unknown> | null> {
  const row = (await q('session_classes').where({ id }).first()) as Record<string, unknown> | undefined;
  return row ?? null;
}

export async function countSessionsOfClass(q: Queryable, id: number): Promise<number> {
  const [row] = await q('sessions').where('session_class_id', id).count({ n: '*' });
  return Number((row as { n: number | string }).n);
}

/**
 * Names are unique regardless of case, which the column's own constraint does not see: on PostgreSQL
 * two concurrent adds must wait for each other (SQLite's write transaction already serializes them).
 */
export async function lockClassNames(db: Db, trx: Knex.Transaction): Promise<void> {
  if (db.engine === 'pg') await trx.raw('LOCK TABLE session_classes IN SHARE ROW EXCLUSIVE MODE');
}

export async function insertClass(trx: Knex.Transaction, name: string, isCancellation: boolean): Promise<number> {
  const [r] = await trx('session_classes').insert({ name, is_cancellation: isCancellation, active: true }).returning('id');
  return Number(typeof r === 'object' ? (r as { id: number }).id : r);
}

export async function setClassActive(trx: Knex.Transaction, id: number, active: boolean): Promise<number> {
  return Number(await trx('session_classes').where({ id }).update({ active }));
}
