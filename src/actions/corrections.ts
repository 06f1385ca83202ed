// What the session actions share (delete and cancel too): the corrections' options, and turning each
// session's verdict into an outcome.
import type { ActionVerdict, Outcome, OutcomeResult, Session } from '../domain/types.js';

export interface CorrectionOptions {
  actor: string;
  reason?: string | null;
  dryRun?: boolean;
  clock?: () => Date;
}

export function clockOf(opts: CorrectionOptions): Date {
  return (opts.clock ?? (() => new Date()))();
}

export function uniqueIds(ids: readonly number[]): number[] {
  return [...new Set(ids)];
}

/** One outcome per id, in the order given: not-found, blocked with every reason, or done / would be done. */
export function planOutcomes(
  ids: readonly number[],
  sessions: ReadonlyMap<number, Session>,
  decideOne: (s: Session) => ActionVerdict,
  done: Outcome,
  would: Outcome,
  dryRun: boolean,
): { results: OutcomeResult[]; allowed: Session[] } {
  const results: OutcomeResult[] = [];
  const allowed: Session[] = [];
  for (const id of ids) {
    const session = sessions.get(id);
    if (!session) {
      results.push({ id, outcome: 'not-found', reasons: [] });
      continue;
    }
    const v = decideOne(session);
    results.push({ id, outcome: v.allowed ? (dryRun ? would : done) : 'blocked', reasons: v.reasons, session });
    if (v.allowed) allowed.push(session);
  }
  return { results, allowed };
}
