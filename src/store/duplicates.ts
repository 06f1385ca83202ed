// Sessions entered more than once: same patient, provider, date and start time, not cancelled.
// The scan reads page after page of groups in index order (keyset paging), so memory stays
// bounded however large the practice, and the one SQLite connection is free between pages.
// Each page is one statement (groups, members, names and fact counts); pages are large, so that a
// million sessions take a few statements (on 1M sessions with 10,000 groups: five pages; 8,000-group pages went over 150 MiB).
import type { Knex } from 'knex';
import type { SessionFacts, SessionStatus } from '../domain/types.js';
import type { Db } from './connection.js';
import { containsPattern, factColumnsSql, factsOfRow } from './sessions.js';

export interface DuplicateFilter {
  from?: string;
  to?: string;
  /** Only these providers (already resolved from what the user typed). */
  providerIds?: readonly number[];
}

export interface DuplicateMember {
  id: number;
  status: SessionStatus;
  createdAt: string;
  facts: SessionFacts;
}

export interface DuplicateGroup {
  patient: { id: number; name: string };
  provider: { id: number; name: string };
  date: string;
  start: string;
  /** By id. */
  members: DuplicateMember[];
}

type GroupKey = [number, string, string, number];

/** The group key in the column order of the index that serves the scan (migration 20261127000001). */
const KEY = ['patient_id', 'scheduled_date', 'start_time', 'provider_id'];

// A literal, not a bound value: only then can either engine's planner pick the partial index.
const NOT_CANCELLED = "status <> 'cancelled'";

/** Groups per page: a few MiB of rows at most (a group is two or three sessions, rarely more). */
export const DUPLICATE_PAGE_SIZE = 2500;

function groupKeys(db: Db, filter: DuplicateFilter, after: GroupKey | null, limit: number): Knex.QueryBuilder {
  const qb = db.knex('sessions').select(KEY).whereRaw(NOT_CANCELLED);
  if (filter.from) qb.where('scheduled_date', '>=', filter.from);
  if (filter.to) qb.where('scheduled_date', '<=', filter.to);
  if (filter.providerIds) qb.whereIn('provider_id', filter.providerIds as number[]);
  if (after) qb.whereRaw(`(${KEY.join(', ')}) > (?, ?, ?, ?)`, after);
  return qb.groupBy(KEY).havingRaw('COUNT(*) > 1').orderBy(KEY).limit(limit);
}

async function page(db: Db, filter: DuplicateFilter, after: GroupKey | null, limit: number): Promise<DuplicateGroup[]> {
  const k = db.knex;
  const rows = (await k
    .with('g', groupKeys(db, filter, after, limit))
    .from('g')
    .join('sessions as s', (j) => {
      for (const c of KEY) j.andOn(`s.${c}`, `g.${c}`);
    })
    .join('patients as p', 'p.id', 's.patient_id')
    .join('providers as pr', 'pr.id', 's.provider_id')
    .whereRaw(`s.${NOT_CANCELLED}`)
    .select(
      's.id',
      's.status',
      's.created_at',
      's.patient_id',
      's.provider_id',
      's.scheduled_date',
      's.start_time',
      'p.first_name',
      'p.last_name',
      'pr.name as provider_name',
      k.raw(factColumnsSql()),
    )
    .orderBy([...KEY.map((c) => `s.${c}`), 's.id'])) as Record<string, unknown>[];

  const groups: DuplicateGroup[] = [];
  let current: DuplicateGroup | null = null;
  for (const r of rows) {
    const patientId = Number(r.patient_id);
    const providerId = Number(r.provider_id);
    const date = String(r.scheduled_date);
    const start = String(r.start_time);
    if (
      !current ||
      current.patient.id !== patientId ||
      current.provider.id !== providerId ||
      current.date !== date ||
      current.start !== start
    ) {
      current = {
        patient: { id: patientId, name: `${String(r.first_name)} ${String(r.last_name)}` },
        provider: { id: providerId, name: String(r.provider_name) },
        date,
        start,
        members: [],
      };
      groups.push(current);
    }
    current.members.push({
      id: Number(r.id),
      status: r.status as SessionStatus,
      createdAt: String(r.created_at),
      facts: factsOfRow(r),
    });
  }
  return groups;
}

/**
 * Every group of duplicates matching the filter, a page at a time, in (patient, date, time, provider)
 * order. The next page is asked for before this one is handed over: the database works on it (in
 * SQLite's worker thread, or on another PostgreSQL connection) while the caller weighs this one.
 */
export async function* duplicateGroups(
  db: Db,
  filter: DuplicateFilter,
  pageSize = DUPLICATE_PAGE_SIZE,
): AsyncGenerator<DuplicateGroup[]> {
  let next: Promise<DuplicateGroup[]> | null = page(db, filter, null, pageSize);
  try {
    while (next) {
      const groups: DuplicateGroup[] = await next;
      next = null;
      const last = groups[groups.length - 1];
      if (last && groups.length >= pageSize) {
        next = page(db, filter, [last.patient.id, last.date, last.start, last.provider.id], pageSize);
        // Handled here so that a failure while the caller holds this page is not an unhandled
        // rejection; it is thrown when that page is awaited.
        next.catch(() => undefined);
      }
      if (groups.length > 0) yield groups;
    }
  } finally {
    // A caller that stops early: let the page asked for in advance finish, its rows unused.
    if (next) await next.catch(() => undefined);
  }
}

/** Providers whose id is `text`, or whose name contains it (case-insensitive), as search matches them. */
export async function providersMatching(db: Db, text: string): Promise<Array<{ id: number; name: string }>> {
  const qb = db.knex('providers').select('id', 'name').orderBy('id');
  qb.where((w) => {
    w.whereRaw(`lower(name) LIKE ? ESCAPE '\\'`, [containsPattern(text)]);
    if (/^\d+$/.test(text) && Number(text) <= 2147483647) w.orWhere('id', Number(text));
  });
  const rows = (await qb) as Array<{ id: number; name: string }>;
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

/** A few provider names, for a message that says which ones exist. */
export async function someProviderNames(db: Db, limit: number): Promise<string[]> {
  const rows = (await db.knex('providers').select('name').where('active', true).orderBy('name').limit(limit)) as Array<{
    name: string;
  }>;
  return rows.map((r) => r.name);
}
