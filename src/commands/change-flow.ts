// The one flow of every change: nothing touched until the input is valid and confirmed; off a
// terminal --yes confirms (without it the run stops before anything is read); on a terminal one
// question after what will happen is shown; No is "not done" (exit 1), Ctrl-C exit 130. carryOut is
// the whole flow for delete and cancel by id; duplicates and payments/adjustments remove show their
// own plans and use mustConfirm and confirmed.
import type { Context } from './context.js';
import type { Db } from '../store/connection.js';
import type { OutcomeResult } from '../domain/types.js';
import { InterruptedBatchError } from '../domain/errors.js';
import { EXIT_NOT_DONE, exitCodeFor } from '../domain/exit-codes.js';
import { confirmChange, requireYesOffTerminal } from '../ui/confirm.js';
import { outcomeJson } from '../ui/json.js';
import { requireWritable } from '../actions/guard.js';
import { printOutcomes } from '../ui/outcomes.js';

/** Off a terminal a change needs --yes: refused at once (exit 2), before anything is read or written. */
export function mustConfirm(ctx: Context, doing: string): void {
  requireYesOffTerminal(ctx, doing);
}

/** --yes, or the user's Yes. On No it says that nothing was changed; the caller returns EXIT_NOT_DONE. */
export async function confirmed(ctx: Context, question: string): Promise<boolean> {
  if (await confirmChange(ctx, question)) return true;
  ctx.out.info('Nothing was changed.');
  return false;
}

export interface Change {
  /** "Permanently deleting 3 sessions", for the message that asks for --yes. */
  doing: string;
  /** The question, given how many sessions would change. */
  question: (count: number) => string;
  dryRun: boolean;
  act: (dryRun: boolean) => Promise<OutcomeResult[]>;
}

const would = (r: OutcomeResult) => r.outcome.startsWith('would-');

function summaryLine(results: readonly OutcomeResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const words: Array<[string, string]> = [
    ['deleted', 'deleted'],
    ['cancelled', 'cancelled'],
    ['confirmed', 'confirmed'],
    ['uncancelled', 'reverted (no longer cancelled)'],
    ['restored', 'restored'],
    ['removed', 'removed'],
    ['would-delete', 'would be deleted'],
    ['would-cancel', 'would be cancelled'],
    ['would-confirm', 'would be confirmed'],
    ['would-uncancel', 'would be reverted (no longer cancelled)'],
    ['would-restore', 'would be restored'],
    ['would-remove', 'would be removed'],
    ['blocked', 'refused'],
    ['not-found', 'not found'],
  ];
  return words
    .filter(([k]) => counts.has(k))
    .map(([k, w]) => `${counts.get(k)} ${w}`)
    .join(', ');
}

function report(ctx: Context, results: readonly OutcomeResult[], dryRun: boolean, interrupted?: InterruptedBatchError): number {
  if (interrupted) {
    // What was committed before Ctrl-C, then exit 130: the rest was not attempted.
    if (ctx.json) ctx.out.json({ results: results.map(outcomeJson), interrupted: true, notAttempted: interrupted.notAttempted });
    else printOutcomes(ctx.out, results);
    ctx.out.info(`${results.length > 0 ? `${summaryLine(results)}. ` : ''}${interrupted.message}`);
    return 130;
  }
  if (ctx.json) {
    ctx.out.json({ results: results.map(outcomeJson) });
  } else {
    printOutcomes(ctx.out, results);
    ctx.out.info(`${summaryLine(results)}.${dryRun ? ' Nothing was changed (--dry-run).' : ''}`);
  }
  return exitCodeFor(results);
}

export async function carryOut(ctx: Context, db: Db, change: Change): Promise<number> {
  // A change on a read-only database is a usage contradiction: exit 2 at once, nothing read or
  // written (CONTRACT §2). A dry run changes nothing: it shows the READ_ONLY verdicts.
  if (!change.dryRun) requireWritable(db, change.doing);
  if (change.dryRun) return report(ctx, await change.act(true), true);
  mustConfirm(ctx, change.doing);
  if (!ctx.yes) {
    const preview = await change.act(true);
    const count = preview.filter(would).length;
    if (count === 0) return report(ctx, preview, false);
    printOutcomes(ctx.out, preview);
    if (!(await confirmed(ctx, change.question(count)))) return EXIT_NOT_DONE;
  }
  try {
    return report(ctx, await change.act(false), false);
  } catch (err) {
    if (err instanceof InterruptedBatchError) return report(ctx, err.results, false, err);
    throw err;
  }
}
