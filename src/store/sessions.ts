// Sessions with their names and facts, in one query however many sessions are asked for.
import type { Queryable } from './queryable.js';
import type { Knex } from 'knex';
import type { Session, SessionFacts, SessionStatus } from '../domain/types.js';
import type { Db } from './connection.js';
import { selectRows } from './json-rows.js';
import { searchKey } from '../domain/search-key.js';

export interface SessionFilter {
  ids?: readonly number[];
  date?: string;
  from?: string;
  to?: string;
  /** Name ("First Last" or "Last, First") or chart number, partial; case, accents and punctuation ignored. */
  patient?: string;
  /** Provider name, partial and case-insensitive, or provider id. */
  provider?: string;
  /** Location name, partial and case-insensitive, or location id. */
  location?: string;
  statuses?: readonly SessionStatus[];
  /** Session class name, case-insensitive, exact. */
  sessionClass?: string;
  limit?: number;
}


interface SessionRow {
  id: number;
  scheduled_date: string;
  start_time: string;
  duration_minutes: number;
  status: SessionStatus;
  confirmed_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  patient_id: number;
  first_name: string;
  last_name: string;
  chart_number: string | null;
  provider_id: number;
  provider_name: string;
  location_id: number | null;
  location_name: string | null;
  class_id: number | null;
  class_name: string | null;
  n_claims: number | string;
  n_payments: number | string;
  n_adjustments: number | string;
  n_finalized: number | string;
  n_drafts: number | string;
  n_charges: number | string;
}

/** Each fact count: its output name, the table counted, and any condition on its rows. */
const FACTS = [
  ['n_claims', 'claims', ''],
  ['n_payments', 'payments', ''],
  ['n_adjustments', 'adjustments', ''],
  ['n_finalized', 'notes', " AND x.status = 'finalized'"],
  ['n_drafts', 'notes', " AND x.status = 'draft'"],
  ['n_charges', 'charges', ''],
] as const;

/** The output names of factColumnsSql(). */
export const FACT_NAMES = FACTS.map(([alias]) => alias);

const FACT_COLUMNS = FACTS.map(
  ([alias, table, extra]) => `(SELECT COUNT(*) FROM ${table} x WHERE x.session_id = s.id${extra}) AS ${alias}`,
).join(', ');

/** `column IN (ids)` as a single bound parameter, so any number of ids is one query on either engine. */
export function whereIdIn(db: Db, qb: Knex.QueryBuilder, column: string, ids: readonly number[]): Knex.QueryBuilder {
  if (db.engine === 'pg') return qb.whereRaw(`${column} = ANY(?::int[])`, [ids as number[]]);
  return qb.whereRaw(`${column} IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)]);
}

/** A LIKE pattern that matches `text` anywhere, with the user's % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Name filters pick the matching patients / providers / locations first (small tables), so that the
// sessions are then found through an index on their id column instead of a scan of every session.
function nameOrIdIn(
  q: Queryable,
  qb: Knex.QueryBuilder,
  column: string,
  table: 'providers' | 'locations',
  value: string,
): void {
  const matches = q(table).select('id');
  if (/^\d+$/.test(value)) {
    matches.where((w) => w.where('id', Number(value)).orWhereRaw(`lower(name) LIKE ? ESCAPE '\\'`, [containsPattern(value)]));
  } else {
    matches.whereRaw(`lower(name) LIKE ? ESCAPE '\\'`, [containsPattern(value)]);
  }
  qb.whereIn(column, matches);
}

// The stored key is kept by triggers (migrations/…_patient_search_key). A text of spaces and name
// punctuation only has an empty key: there is nothing to look for, so it matches no one.
export function patientsMatching(q: Queryable, text: string): Knex.QueryBuilder {
  const key = searchKey(text);
  const matches = q('patients').select('id');
  if (key === '') return matches.whereRaw('1 = 0');
  // %, _ and the backslash are kept in keys (only name punctuation is dropped): taken literally.
  return matches.whereRaw(`search_key LIKE ? ESCAPE '\\'`, [`%${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
}

/** The output names of sessionQuery(). */
const SESSION_COLUMNS = [
  'id',
  'scheduled_date',
  'start_time',
  'duration_minutes',
  'status',
  'confirmed_at',
  'cancelled_at',
  'created_at',
  'patient_id',
  'first_name',
  'last_name',
  'chart_number',
  'provider_id',
  'provider_name',
  'location_id',
  'location_name',
  'class_id',
  'class_name',
  ...FACT_NAMES,
] as const satisfies ReadonlyArray<keyof SessionRow>;

export function sessionQuery(db: Db, q: Queryable, filter: SessionFilter): Knex.QueryBuilder {
  const qb = q('sessions as s')
    .join('patients as p', 'p.id', 's.patient_id')
    .join('providers as pr', 'pr.id', 's.provider_id')
    .leftJoin('locations as l', 'l.id', 's.location_id')
    .leftJoin('session_classes as c', 'c.id', 's.session_class_id')
    .select(
      's.id',
      's.scheduled_date',
      's.start_time',
      's.duration_minutes',
      's.status',
      's.confirmed_at',
      's.cancelled_at',
      's.created_at',
      'p.id as patient_id',
      'p.first_name',
      'p.last_name',
      'p.chart_number',
      'pr.id as provider_id',
      'pr.name as provider_name',
      'l.id as location_id',
      'l.name as location_name',
      'c.id as class_id',
      'c.name as class_name',
      q.raw(FACT_COLUMNS),
    );
  if (filter.ids) whereIdIn(db, qb, 's.id', filter.ids);
  if (filter.date) qb.where('s.scheduled_date', filter.date);
  if (filter.from) qb.where('s.scheduled_date', '>=', filter.from);
  if (filter.to) qb.where('s.scheduled_date', '<=', filter.to);
  if (filter.statuses?.length) qb.whereIn('s.status', filter.statuses as SessionStatus[]);
  if (filter.patient) qb.whereIn('s.patient_id', patientsMatching(q, filter.patient));
  if (filter.provider) nameOrIdIn(q, qb, 's.provider_id', 'providers', filter.provider);
  if (filter.location) nameOrIdIn(q, qb, 's.location_id', 'locations', filter.location);
  if (filter.sessionClass) qb.whereRaw('lower(c.name) = ?', [filter.sessionClass.toLowerCase()]);
  return qb;
}

function toSession(r: SessionRow): Session {
  return {
    id: Number(r.id),
    date: r.scheduled_date,
    start: r.start_time,
    durationMinutes: Number(r.duration_minutes),
    status: r.status,
    patient: { id: Number(r.patient_id), name: `${r.first_name} ${r.last_name}`, chartNumber: r.chart_number },
    provider: { id: Number(r.provider_id), name: r.provider_name },
    location: r.location_id === null ? null : { id: Number(r.location_id), name: r.location_name ?? '' },
    sessionClass: r.class_id === null ? null : { id: Number(r.class_id), name: r.class_name ?? '' },
    confirmedAt: r.confirmed_at,
    cancelledAt: r.cancelled_at,
    createdAt: r.created_at,
    facts: factsOfRow(r as unknown as Record<string, unknown>),
  };
}

/**
 * Each session's not-cancelled twins (same patient, provider, date and time), as a column of the
 * listing: on the day's 400 sessions of 1M, about 1 ms more for the query, against 3.5-4.7 ms for a
 * second statement with their ids. A JSON array text on SQLite, an int[] on PostgreSQL.
 */
function twinsColumn(db: Db): string {
  const slot = `FROM sessions t WHERE t.patient_id = s.patient_id AND t.scheduled_date = s.scheduled_date
    AND t.start_time = s.start_time AND t.provider_id = s.provider_id AND t.id <> s.id AND t.status <> 'cancelled'`;
  return db.engine === 'pg' ? `ARRAY(SELECT t.id ${slot} ORDER BY t.id) AS twins` : `(SELECT json_group_array(t.id) ${slot}) AS twins`;
}

const ascending = (a: number, b: number) => a - b;

function twinsOfRow(value: unknown): number[] {
  const ids = typeof value === 'string' ? (JSON.parse(value) as unknown[]) : Array.isArray(value) ? (value as unknown[]) : [];
  return ids.map(Number).sort(ascending);
}

/**
 * Sessions matching the filter, by date and time, with facts and twins; `limit` counts what is
 * returned.
 */
export async function listSessions(
  db: Db,
  filter: SessionFilter,
  q: Queryable = db.knex,
): Promise<Session[]> {
  const qb = sessionQuery(db, q, filter).select(q.raw(twinsColumn(db))).orderBy([
    { column: 's.scheduled_date' },
    { column: 's.start_time' },
    { column: 's.id' },
  ]);
  if (filter.limit !== undefined) qb.limit(filter.limit);
  const rows = await selectRows<SessionRow & { twins: unknown }>(db, q, qb, [...SESSION_COLUMNS, 'twins']);
  return rows.map((r) => ({ ...toSession(r), twins: twinsOfRow(r.twins) })).sort(byDateTimeId);
}

const byDateTimeId = (a: Session, b: Session) =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : a.start < b.start ? -1 : a.start > b.start ? 1 : a.id - b.id;

/** The sessions with these ids (any number, one query), keyed by id; missing ids are absent. */
export async function loadSessions(db: Db, ids: readonly number[], q: Queryable = db.knex): Promise<Map<number, Session>> {
  const map = new Map<number, Session>();
  if (ids.length === 0) return map;
  const rows = await selectRows<SessionRow>(db, q, sessionQuery(db, q, { ids }), SESSION_COLUMNS);
  for (const r of rows) map.set(Number(r.id), toSession(r));
  return map;
}

/** The fact counts of a session aliased `s`, as select columns (n_claims, …), for queries built elsewhere in the store. */
export function factColumnsSql(): string {
  return FACT_COLUMNS;
}

/** The facts of a row that selected factColumnsSql(). */
export function factsOfRow(r: Record<string, unknown>): SessionFacts {
  return {
    claims: Number(r.n_claims),
    payments: Number(r.n_payments),
    adjustments: Number(r.n_adjustments),
    finalizedNotes: Number(r.n_finalized),
    draftNotes: Number(r.n_drafts),
    charges: Number(r.n_charges),
  };
}
