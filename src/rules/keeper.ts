// Which copy of a group of duplicates the clean-up keeps (CONTRACT §4.6), in this order: a session
// the rules will not let us delete (two or more: a conflict, nothing removed); else a `confirmed`
// session over `scheduled` ones (billing confirmed that visit); else the most attached rows
// (charges, notes); else the first entered (created_at, then id). Deletability is the rules' (deleteBlockers, the codes of decideDelete).
import type { DeleteReasonCode, RuleContext, SessionFacts } from '../domain/types.js';
import type { DuplicateMember } from '../domain/duplicates.js';
import { deleteBlockers } from './decide.js';

/** One member of a group, as the keeper's choice weighs it. */
export type KeeperCandidate = DuplicateMember;

/**
 * Why the kept session was chosen: the only one the rules will not let us delete; the only confirmed
 * one (or one of the confirmed, when the rest are scheduled); the one with the most attached rows; the
 * first entered; or a conflict (two or more can't be deleted: nothing is removed, and `keep` is only
 * a suggestion for the person who resolves it).
 */
export type KeepReason = 'undeletable' | 'confirmed' | 'most-attached' | 'first-entered' | 'conflict';

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

const confirmedFirst = (a: KeeperCandidate, b: KeeperCandidate) =>
  (b.status === 'confirmed' ? 1 : 0) - (a.status === 'confirmed' ? 1 : 0);

/** Confirmed first, then most attached rows, then first entered (created_at, then id). */
export function preferredKeeper(a: KeeperCandidate, b: KeeperCandidate): number {
  return (
    confirmedFirst(a, b) ||
    attachedRows(b.facts) - attachedRows(a.facts) ||
    (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0) ||
    a.id - b.id
  );
}

/** The first of the criteria that sets the keeper before the runner-up. */
function whyKept(keeper: KeeperCandidate, runnerUp: KeeperCandidate | undefined): KeepReason {
  if (!runnerUp) return 'first-entered';
  if (confirmedFirst(keeper, runnerUp) < 0) return 'confirmed';
  if (attachedRows(keeper.facts) > attachedRows(runnerUp.facts)) return 'most-attached';
  return 'first-entered';
}

/**
 * Which member of a group to keep. READ_ONLY is set aside: a read-only database still gets the
 * proposal that a writable one would carry out.
 */
export function chooseKeeper(members: readonly KeeperCandidate[], ctx: RuleContext): KeeperChoice {
  if (members.length === 0) throw new Error('a group of duplicates has at least one session');
  const rules: RuleContext = ctx.readOnly ? { ...ctx, readOnly: false } : ctx;
  // By id: a group is two or three sessions, so a copy and a sort cost little, and the scan calls
  // this once per group (tens of thousands of times), so nothing more is made than needed.
  const byId = [...members].sort((a, b) => a.id - b.id);
  const undeletable: KeeperChoice['undeletable'] = [];
  let blocked: KeeperCandidate | undefined;
  let suggested: KeeperCandidate | undefined;
  for (const m of byId) {
    const codes = deleteBlockers(m.facts, rules);
    if (codes.length === 0) continue;
    undeletable.push({ id: m.id, reasons: codes });
    blocked = m;
    if (!suggested || preferredKeeper(m, suggested) < 0) suggested = m;
  }
  if (undeletable.length >= 2) return { keep: suggested!.id, remove: [], conflict: true, why: 'conflict', undeletable };
  let keeper: KeeperCandidate;
  let why: KeepReason;
  if (blocked) {
    keeper = blocked;
    why = 'undeletable';
  } else {
    const sorted = byId.sort(preferredKeeper);
    keeper = sorted[0]!;
    why = whyKept(keeper, sorted[1]);
  }
  const remove: number[] = [];
  for (const m of members) if (m.id !== keeper.id) remove.push(m.id);
  remove.sort((a, b) => a - b);
  return { keep: keeper.id, remove, conflict: false, why, undeletable };
}
