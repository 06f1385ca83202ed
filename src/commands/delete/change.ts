// The flow that delete and cancel share: nothing touched until the input is valid and confirmed;
// off a terminal --yes confirms; on a terminal one confirmation that lists what will happen.
import type { Context } from '../context.js';
import type { Db } from '../../store/connection.js';
import type { OutcomeResult } from '../../domain/types.js';
import { InterruptedBatchError } from '../../domain/errors.js';
import { confirmChange, requireYesOffTerminal } from '../../ui/confirm.js';
import { outcomeJson } from '../../ui/json.js';
import { exitCodeFor, printOutcomes } from '../../ui/outcomes.js';

export interface Change {
  /** "Permanently deleting 3 sessions", for the message that asks for --yes. */
  doing: string;
  /** The question, given how many sessions would change. */
  question: (count: number) => string;
  dryRun: boolean;
  act: (dryRun: boolean) => Promise<OutcomeResult[]>;
}

const WOULD = new Set(['would-delete', 'would-cancel']);

function summaryLine(results: readonly OutcomeResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const words: Array<[string, string]> = [
    ['deleted', 'deleted'],
    ['cancelled', 'cancelled'],
    ['would-delete', 'would be deleted'],
    ['would-cancel', 'would be cancelled'],
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
  // A dry run or a read-only database changes nothing, so there is nothing to confirm.
  const changes = !change.dryRun && !db.readOnly;
  if (!changes) return report(ctx, await change.act(true), change.dryRun);
  requireYesOffTerminal(ctx, change.doing);
  if (!ctx.yes) {
    const preview = await change.act(true);
    const count = preview.filter((r) => WOULD.has(r.outcome)).length;
    if (count === 0) return report(ctx, preview, false);
    printOutcomes(ctx.out, preview);
    if (!(await confirmChange(ctx, change.question(count)))) {
      ctx.out.info('Nothing was changed.');
      return 1;
    }
  }
  try {
    return report(ctx, await change.act(false), false);
  } catch (err) {
    if (err instanceof InterruptedBatchError) return report(ctx, err.results, false, err);
    throw err;
  }
}
