// Clean-up of sessions entered more than once: the scan with each group's keeper (the policy is
// src/rules/keeper.ts, CONTRACT §4.6), and removing the others through the same Permanently Delete
// as everywhere else (rules checked again, audited).
import type { OutcomeResult, RuleContext } from '../domain/types.js';
import { chooseKeeper, type KeeperChoice } from '../rules/index.js';
import type { Db } from '../store/connection.js';
import { duplicateGroups, type DuplicateFilter, type DuplicateGroup } from '../store/duplicates.js';
import { ruleContext } from '../store/settings.js';
import { inBulkWrite } from '../store/changes.js';
import { deleteSessions } from './sessions.js';
import { InterruptedBatchError } from '../domain/errors.js';

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

// Sessions per transaction. Each batch's audit rows (a snapshot of about 1 KiB each) and re-read
// sessions are held at once, and SQLite's copy of the audit JSON with them: on 1M sessions (10,378
// removals) the clean-up's peak was 260-277 MiB with 5,000 (and a 64 MiB page cache), 152-164 MiB
// with 1,000 and 145-149 MiB with 500. Batches go in date order (CONTRACT §4.6), so one batch's
// rows and index pages lie close together; in WAL mode with synchronous=NORMAL a commit does not sync.
export const DUPLICATE_BATCH = 500;

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
  const batches = async () => {
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
  };
  // One bulk write for all the batches: the log is checkpointed once, after the last.
  if (opts.dryRun || db.readOnly) await batches();
  else await inBulkWrite(db, batches);
  if (opts.signal?.aborted) throw new InterruptedBatchError([], 0);
}
