// Sessions entered more than once: same patient, provider, date and start time, not cancelled.
// The scan reads page after page of groups in date order (keyset paging over the index), so memory stays
// bounded however large the practice. A page is two statements: the groups with their members'
// ids, from the covering partial index alone (main connection); then those members' rows by id,
// with names and fact counts (the reader connection), while the next page's groups are read.
// Measured on 1M sessions (10,150 groups), SQLite, in-process: one statement per page joining
// groups, sessions and facts took 1.47-1.7 s in all; the two pipelined steps take 0.74-0.82 s.
import type { Knex } from 'knex';
import type { SessionFacts, SessionStatus } from '../domain/types.js';
import type { DuplicateCandidate, DuplicateMember } from '../domain/duplicates.js';
import type { Db } from './connection.js';
import { selectTuples } from './json-rows.js';
import { containsPattern, FACT_NAMES, factColumnsSql, whereIdIn } from './sessions.js';

export interface DuplicateFilter {
  from?: string;
  to?: string;
  /** Only these providers (already resolved from what the user typed). */
  providerIds?: readonly number[];
}

export type { DuplicateMember };

export interface DuplicateGroup {
  patient: { id: number; name: string };
  provider: { id: number; name: string };
  date: string;
  start: string;
  /** By id. */
  members: DuplicateMember[];
}

type GroupKey = [string, string, number, number];

/** The group key in the column order of the index that serves the scan (migration 20261202000030): date order. */
const KEY = ['scheduled_date', 'start_time', 'patient_id', 'provider_id'];

// A literal, not a bound value: only then can either engine's planner pick the partial index.
const NOT_CANCELLED = "status <> 'cancelled'";

/** Groups per page: a few MiB of rows at most (a group is two or three sessions, rarely more). */
export const DUPLICATE_PAGE_SIZE = 2500;

/** A member's group key and id: [date, start, patient, provider, id], numbers and text whatever the driver gave. */
type MemberKey = [string, string, number, number, number];

/** The page's groups, from the covering partial index alone. */
function groupKeys(db: Db, filter: DuplicateFilter, after: GroupKey | null, limit: number): Knex.QueryBuilder {
  const qb = db.knex('sessions').select(KEY).whereRaw(NOT_CANCELLED);
  if (filter.from) qb.where('scheduled_date', '>=', filter.from);
  if (filter.to) qb.where('scheduled_date', '<=', filter.to);
  if (filter.providerIds) qb.whereIn('provider_id', filter.providerIds as number[]);
  if (after) qb.whereRaw(`(${KEY.join(', ')}) > (?, ?, ?, ?)`, after);
  return qb.groupBy(KEY).havingRaw('COUNT(*) > 1').orderBy(KEY).limit(limit);
}

const memberKey = (v: readonly unknown[], at = 0): MemberKey => [
  String(v[at]),
  String(v[at + 1]),
  Number(v[at + 2]),
  Number(v[at + 3]),
  Number(v[at + 4]),
];

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The page's members: each group's key and the ids in it, still from the index, in key and id order. */
async function memberKeys(db: Db, filter: DuplicateFilter, after: GroupKey | null, limit: number): Promise<MemberKey[]> {
  const k = db.knex;
  const qb = k
    .with('g', groupKeys(db, filter, after, limit))
    .from('g')
    .join('sessions as s', (j) => {
      for (const c of KEY) j.andOn(`s.${c}`, `g.${c}`);
    })
    .whereRaw(`s.${NOT_CANCELLED}`)
    .select([...KEY.map((c) => `s.${c}`), 's.id']);
  const rows = (await selectTuples(db, k, qb, [...KEY, 'id'])).map((v) => memberKey(v));
  return rows.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]) || a[2] - b[2] || a[3] - b[3] || a[4] - b[4]);
}

/** The columns of memberRows(): the member's key and id first (memberKey reads them), then the rest. */
const MEMBER_COLUMNS = [...KEY, 'id', 'status', 'created_at', 'first_name', 'last_name', 'provider_name', ...FACT_NAMES];
const [STATUS, CREATED, FIRST, LAST, PROVIDER] = [5, 6, 7, 8, 9];
const FACTS_AT = 10;

/** The members' rows by id, with the names of their patient and provider and their fact counts. */
async function memberRows(db: Db, ids: readonly number[]): Promise<Map<number, unknown[]>> {
  const k = db.reader();
  const qb = k('sessions as s')
    .join('patients as p', 'p.id', 's.patient_id')
    .join('providers as pr', 'pr.id', 's.provider_id')
    .select(...KEY.map((c) => `s.${c}`), 's.id', 's.status', 's.created_at', 'p.first_name', 'p.last_name', 'pr.name as provider_name', k.raw(factColumnsSql()));
  whereIdIn(db, qb, 's.id', ids);
  const rows = await selectTuples(db, k, qb, MEMBER_COLUMNS);
  return new Map(rows.map((r) => [Number(r[4]), r]));
}

const factsAt = (r: readonly unknown[]): SessionFacts => ({
  claims: Number(r[FACTS_AT]),
  payments: Number(r[FACTS_AT + 1]),
  adjustments: Number(r[FACTS_AT + 2]),
  finalizedNotes: Number(r[FACTS_AT + 3]),
  draftNotes: Number(r[FACTS_AT + 4]),
  charges: Number(r[FACTS_AT + 5]),
});

const sameGroup = (a: MemberKey, b: MemberKey) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
/** A member row (as the driver gave it) still in this group. */
const sameKey = (r: readonly unknown[], k: MemberKey) =>
  String(r[0]) === k[0] && String(r[1]) === k[1] && Number(r[2]) === k[2] && Number(r[3]) === k[3];

interface Keys {
  keys: MemberKey[];
  /** Where the next page starts; null after the last. */
  next: GroupKey | null;
}

async function pageKeys(db: Db, filter: DuplicateFilter, after: GroupKey | null, limit: number): Promise<Keys> {
  const keys = await memberKeys(db, filter, after, limit);
  let groups = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || !sameGroup(keys[i]!, keys[i - 1]!)) groups += 1;
  const last = keys[keys.length - 1];
  const next: GroupKey | null = last && groups >= limit ? [last[0], last[1], last[2], last[3]] : null;
  return { keys, next };
}

/** The groups of a page's keys, with their members as they are now. */
async function pageGroups(db: Db, keys: readonly MemberKey[]): Promise<DuplicateGroup[]> {
  // In id order, the fact lookups walk each attached table's index forwards instead of at random.
  const rows = await memberRows(db, keys.map((k) => k[4]).sort((a, b) => a - b));
  const groups: DuplicateGroup[] = [];
  for (let i = 0; i < keys.length; ) {
    const k = keys[i]!;
    let end = i + 1;
    while (end < keys.length && sameGroup(keys[end]!, k)) end += 1;
    const members: DuplicateMember[] = [];
    let first: unknown[] | undefined;
    for (let j = i; j < end; j++) {
      const id = keys[j]![4];
      const r = rows.get(id);
      // Changed by someone else between the two statements: no longer part of the group.
      if (!r || r[STATUS] === 'cancelled' || !sameKey(r, k)) continue;
      first ??= r;
      members.push({ id, status: r[STATUS] as SessionStatus, createdAt: String(r[CREATED]), facts: factsAt(r) });
    }
    i = end;
    if (members.length < 2 || !first) continue;
    groups.push({
      patient: { id: k[2], name: `${String(first[FIRST])} ${String(first[LAST])}` },
      provider: { id: k[3], name: String(first[PROVIDER]) },
      date: k[0],
      start: k[1],
      members,
    });
  }
  return groups;
}

/**
 * Every group of duplicates matching the filter, a page at a time, in (date, time, patient, provider)
 * order. Two pipelines: the next page's groups are read from the index (on the main connection)
 * while this page's members are read (on the reader) and while the caller weighs the page before.
 */
export async function* duplicateGroups(
  db: Db,
  filter: DuplicateFilter,
  pageSize = DUPLICATE_PAGE_SIZE,
): AsyncGenerator<DuplicateGroup[]> {
  let keys: Promise<Keys> | null = pageKeys(db, filter, null, pageSize);
  let groups: Promise<DuplicateGroup[]> | null = null;
  // A failure while another step is awaited is not an unhandled rejection; it is thrown when its
  // own step is awaited.
  const held = <T>(p: Promise<T>) => {
    p.catch(() => undefined);
    return p;
  };
  try {
    while (keys) {
      const page: Keys = await keys;
      keys = page.next ? held(pageKeys(db, filter, page.next, pageSize)) : null;
      const previous = groups;
      groups = held(pageGroups(db, page.keys));
      if (previous) {
        const found = await previous;
        if (found.length > 0) yield found;
      }
    }
    if (groups) {
      const found = await groups;
      groups = null;
      if (found.length > 0) yield found;
    }
  } finally {
    // A caller that stops early: let the steps asked for in advance finish, their rows unused.
    await Promise.all([keys?.catch(() => undefined), groups?.catch(() => undefined)]);
  }
}

/** What the clean-up's re-check needs of a keeper: its status and its group key, by id. */
export async function duplicateKeys(db: Db, ids: readonly number[], q: Knex | Knex.Transaction = db.knex): Promise<Map<number, DuplicateCandidate>> {
  const map = new Map<number, DuplicateCandidate>();
  if (ids.length === 0) return map;
  const qb = whereIdIn(db, q('sessions').select(...KEY, 'id', 'status'), 'id', ids);
  for (const r of await selectTuples(db, q, qb, [...KEY, 'id', 'status'])) {
    const [date, start, patient, provider, id] = memberKey(r);
    map.set(id, { id, status: r[5] as SessionStatus, date, start, patient: { id: patient }, provider: { id: provider } });
  }
  return map;
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
