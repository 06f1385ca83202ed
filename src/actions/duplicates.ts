// Clean-up of sessions entered more than once: which one of each group to keep, and removing the
// others through the same Permanently Delete as everywhere else (rules checked again, audited).
//
// The keeper policy lives here, not in src/rules: rules/ answers "may this session be deleted?",
// and the policy only asks it (decide()); which duplicate to keep is the plan of this one action.
import type { DeleteReasonCode, OutcomeResult, RuleContext, SessionFacts, SessionStatus } from '../domain/types.js';
import { decide } from '../rules/index.js';
import type { Db } from '../store/connection.js';
import { duplicateGroups, type DuplicateFilter, type DuplicateGroup } from '../store/duplicates.js';
import { ruleContext } from '../store/settings.js';
import { deleteSessions } from './sessions.js';
import { InterruptedBatchError } from '../domain/errors.js';

export interface KeeperCandidate {
  id: number;
  status: SessionStatus;
  createdAt: string;
  facts: SessionFacts;
}

/**
 * Why the kept session was chosen: the only one the rules will not let us delete; the one with the
 * most attached rows; the first entered; or a conflict (two or more can't be deleted: nothing is
 * removed, and `keep` is only a suggestion for the person who resolves it).
 */
export type KeepReason = 'undeletable' | 'most-attached' | 'first-entered' | 'conflict';

export interface KeeperChoice {
  keep: number;
  remove: number[];
  conflict: boolean;
  why: KeepReason;
  /** Members that the rules will not let us delete, by id, with the codes that block each. */
  undeletable: Array<{ id: number; reasons: DeleteReasonCode[] }>;
}

/** Rows that would go with the session or keep it alive: what makes one duplicate worth more than another. */
export function attachedRows(f: SessionFacts): number {
  return f.claims + f.payments + f.adjustments + f.finalizedNotes + f.draftNotes + f.charges;
}

/** Most attached rows first, then first entered (created_at, then id). */
function preferred(a: KeeperCandidate, b: KeeperCandidate): number {
  return (
    attachedRows(b.facts) - attachedRows(a.facts) ||
    (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0) ||
    a.id - b.id
  );
}

/**
 * Which member of a group to keep. Deletability is decide()'s, with READ_ONLY set aside: a
 * read-only database still gets the proposal that a writable one would carry out.
 */
export function chooseKeeper(members: readonly KeeperCandidate[], ctx: RuleContext): KeeperChoice {
  if (members.length === 0) throw new Error('a group of duplicates has at least one session');
  const rules: RuleContext = ctx.readOnly ? { ...ctx, readOnly: false } : ctx;
  const blocked: KeeperChoice['undeletable'] = [];
  const undeletable: KeeperCandidate[] = [];
  for (const m of [...members].sort((a, b) => a.id - b.id)) {
    const verdict = decide(m, rules).delete;
    if (verdict.allowed) continue;
    undeletable.push(m);
    blocked.push({ id: m.id, reasons: verdict.reasons.map((r) => r.code as DeleteReasonCode) });
  }
  if (undeletable.length >= 2) {
    const [suggested] = [...undeletable].sort(preferred);
    return { keep: suggested!.id, remove: [], conflict: true, why: 'conflict', undeletable: blocked };
  }
  let keeper: KeeperCandidate;
  let why: KeepReason;
  if (undeletable.length === 1) {
    keeper = undeletable[0]!;
    why = 'undeletable';
  } else {
    const sorted = [...members].sort(preferred);
    keeper = sorted[0]!;
    why = attachedRows(keeper.facts) > attachedRows(sorted[1]?.facts ?? keeper.facts) ? 'most-attached' : 'first-entered';
  }
  const remove = members
    .filter((m) => m.id !== keeper.id)
    .map((m) => m.id)
    .sort((a, b) => a - b);
  return { keep: keeper.id, remove, conflict: false, why, undeletable: blocked };
}

export type PlannedGroup = DuplicateGroup & KeeperChoice;

export interface ScanSummary {
  groups: number;
  /** Sessions in all groups. */
  sessions: number;
  /** Sessions proposed for removal (conflicts propose none). */
  proposed: number;
  conflicts: number;
}

/** Every group with its proposal, handed to `onGroup` one at a time; memory stays flat however many. */
export async function scanDuplicates(
  db: Db,
  filter: DuplicateFilter,
  onGroup: (group: PlannedGroup) => void,
): Promise<ScanSummary> {
  // Set aside READ_ONLY once here rather than per group in chooseKeeper (a million groups may come).
  const ctx: RuleContext = { ...(await ruleContext(db)), readOnly: false };
  const summary: ScanSummary = { groups: 0, sessions: 0, proposed: 0, conflicts: 0 };
  for await (const page of duplicateGroups(db, filter)) {
    for (const group of page) {
      const planned: PlannedGroup = Object.assign(group, chooseKeeper(group.members, ctx));
      summary.groups += 1;
      summary.sessions += group.members.length;
      summary.proposed += planned.remove.length;
      if (planned.conflict) summary.conflicts += 1;
      onGroup(planned);
    }
  }
  return summary;
}

export interface Removal {
  /** Sessions to remove, and for each the session it duplicates (the keeper), at the same index. */
  ids: readonly number[];
  keepers: readonly number[];
}

export interface RemovalOptions {
  actor: string;
  dryRun?: boolean;
  /** Sessions per transaction. */
  batchSize?: number;
  clock?: () => Date;
  onProgress?: (done: number, total: number) => void;
  /** Each batch's outcomes, as soon as it is committed, with the keeper of each; they are not kept here. */
  onResults: (results: readonly OutcomeResult[], keeperOf: (id: number) => number | undefined) => void;
  /** Aborted by Ctrl-C: no new batch starts (InterruptedBatchError; results were handed to onResults). */
  signal?: AbortSignal;
}

export const DUPLICATE_BATCH = 5000;

export function duplicateReason(keeperId: number): string {
  return `duplicate of session ${keeperId}`;
}

/**
 * Removes the proposed sessions with deleteSessions, one transaction per batch, each audited with
 * "duplicate of session N". Batches are handed over one by one so that outcomes (which carry the
 * whole session) never pile up in memory.
 */
export async function removeDuplicates(db: Db, removal: Removal, opts: RemovalOptions): Promise<void> {
  const size = Math.max(1, opts.batchSize ?? DUPLICATE_BATCH);
  const total = removal.ids.length;
  for (let i = 0; i < total; i += size) {
    if (opts.signal?.aborted) throw new InterruptedBatchError([], total - i);
    const ids = removal.ids.slice(i, i + size);
    const keeperOf = new Map(ids.map((id, j) => [id, removal.keepers[i + j]!]));
    const results = await deleteSessions(db, ids, {
      actor: opts.actor,
      dryRun: opts.dryRun,
      batchSize: size,
      clock: opts.clock,
      reasonFor: (id) => {
        const keeper = keeperOf.get(id);
        return keeper === undefined ? undefined : duplicateReason(keeper);
      },
      duplicateOf: keeperOf,
    });
    opts.onResults(results, (id) => keeperOf.get(id));
    opts.onProgress?.(Math.min(i + size, total), total);
  }
}
