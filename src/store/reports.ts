// Counts for reports, computed by the database (one grouped query, served by the status/date index).
import type { Db } from './connection.js';

export type CancellationGrouping = 'class' | 'provider' | 'month';
export const CANCELLATION_GROUPINGS: readonly CancellationGrouping[] = ['class', 'provider', 'month'];

export interface CountRow {
  key: string;
  /** The class or provider id; null for months and for sessions cancelled without a class. */
  id: number | null;
  count: number;
}

export const NO_CLASS = '(no class)';

/** Cancelled sessions (status 'cancelled') with scheduled_date in [from, to], counted by the grouping. */
export async function cancellationCounts(
  db: Db,
  by: CancellationGrouping,
  range: { from?: string; to?: string },
): Promise<CountRow[]> {
  const k = db.knex;
  const qb = k('sessions as s').where('s.status', 'cancelled');
  if (range.from) qb.where('s.scheduled_date', '>=', range.from);
  if (range.to) qb.where('s.scheduled_date', '<=', range.to);
  if (by === 'class') {
    qb.leftJoin('session_classes as c', 'c.id', 's.session_class_id')
      .select('c.id as id', 'c.name as key')
      .groupBy('c.id', 'c.name');
  } else if (by === 'provider') {
    qb.join('providers as pr', 'pr.id', 's.provider_id').select('pr.id as id', 'pr.name as key').groupBy('pr.id', 'pr.name');
  } else {
    qb.select(k.raw('substr(s.scheduled_date, 1, 7) AS key')).groupByRaw('substr(s.scheduled_date, 1, 7)');
  }
  const rows = (await qb.count({ n: '*' })) as Array<{ id?: number | null; key: string | null; n: number | string }>;
  const result = rows.map((r) => ({
    key: r.key ?? NO_CLASS,
    id: r.id == null ? null : Number(r.id),
    count: Number(r.n),
  }));
  return by === 'month'
    ? result.sort((a, b) => a.key.localeCompare(b.key))
    : result.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key) || (a.id ?? 0) - (b.id ?? 0));
}
