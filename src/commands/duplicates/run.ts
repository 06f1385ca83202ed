import type { CommandRun } from '../define.js';
import type { OutcomeResult } from '../../domain/types.js';
import { UsageError } from '../../domain/errors.js';
import { removeDuplicates, scanDuplicates } from '../../actions/duplicates.js';
import { providersMatching, someProviderNames, type DuplicateFilter } from '../../store/duplicates.js';
import { confirmed, mustConfirm } from '../change-flow.js';
import { EXIT_NOT_DONE, exitCodeOf } from '../../domain/exit-codes.js';
import { DuplicatesReport, printGroup, printSummary, type DuplicatesSummary } from '../../ui/duplicates.js';
import { shellWord } from '../../ui/shell.js';
import { printOutcomes } from '../../ui/outcomes.js';
import { progressBar } from '../../ui/progress.js';
import { checkRange, shorten } from '../parse.js';
import { opt, readOptions } from '../options.js';

const OPTIONS = { from: opt.date(), to: opt.date(), provider: opt.text(), delete: opt.flag(), dryRun: opt.flag() };
import { InterruptedBatchError } from '../../domain/errors.js';

export const run: CommandRun = async (ctx, _args, opts) => {
  const { from, to, provider, delete: remove, dryRun } = readOptions(opts, OPTIONS, ctx);
  checkRange(from, to);
  if (dryRun && !remove) {
    throw new UsageError(
      '--dry-run goes with --delete: without --delete nothing is changed anyway.',
      'Run `sessionctl duplicates --delete --dry-run` to check each removal against the rules.',
    );
  }

  const db = await ctx.openDb();
  const filter: DuplicateFilter = { from, to };
  if (provider !== undefined) {
    const matches = await providersMatching(db, provider);
    if (matches.length === 0) {
      const names = await someProviderNames(db, 10);
      throw new UsageError(
        `No provider matches "${shorten(provider)}".`,
        names.length > 0 ? `Providers include: ${names.map((name) => `"${name}"`).join(", ")}.` : "The practice has no providers yet.",
      );
    }
    filter.providerIds = matches.map((p) => p.id);
  }
  const changes = remove && !dryRun && !db.readOnly;
  if (changes) mustConfirm(ctx, 'Removing duplicate sessions');

  const report = ctx.json ? new DuplicatesReport() : null;
  const removal = { ids: [] as number[], keepers: [] as number[] };
  const scan = await scanDuplicates(db, filter, (group) => {
    if (report) report.addGroup(group);
    else printGroup(ctx.out, group);
    for (const id of group.remove) {
      removal.ids.push(id);
      removal.keepers.push(group.keep);
    }
  });
  const summary: DuplicatesSummary = {
    ...scan,
    delete: remove,
    dryRun,
    removed: 0,
    wouldRemove: 0,
    refused: 0,
    notFound: 0,
    addenda: 0,
  };

  let interrupted: InterruptedBatchError | null = null;
  if (remove && removal.ids.length > 0) {
    if (changes && !ctx.yes) {
      const question =
        `Permanently delete ${removal.ids.length} duplicate session(s) from ${scan.groups - scan.conflicts} group(s)? ` +
        "Each is audited; this can't be undone.";
      if (!(await confirmed(ctx, question))) return EXIT_NOT_DONE;
    }
    const bar = progressBar(ctx.streams.stderr, dryRun ? 'Checking' : 'Removing');
    const tally = (results: readonly OutcomeResult[]) => {
      for (const r of results) {
        if (r.outcome === 'deleted') summary.removed += 1;
        else if (r.outcome === 'would-delete') summary.wouldRemove += 1;
        else if (r.outcome === 'blocked') summary.refused += 1;
        else if (r.outcome === 'not-found') summary.notFound += 1;
        if (r.addendumId !== undefined) summary.addenda += 1;
      }
    };
    try {
      await removeDuplicates(db, removal, {
        actor: ctx.actor,
        dryRun,
        clock: () => ctx.now(),
        signal: ctx.interruptible(),
        onProgress: (done, total) => bar.update(done, total),
        onResults: (results, keeperOf) => {
          tally(results);
          if (report) {
            report.addResults(results, keeperOf);
            return;
          }
          const trouble = results.filter((r) => r.outcome === 'blocked' || r.outcome === 'not-found');
          if (trouble.length > 0) {
            bar.finish();
            printOutcomes(ctx.out, trouble);
          }
        },
      });
    } catch (err) {
      // Ctrl-C: the batches committed so far are in the summary (and the JSON results); then exit 130.
      if (!(err instanceof InterruptedBatchError)) throw err;
      interrupted = err;
      Object.assign(summary, { interrupted: true, notAttempted: err.notAttempted });
    } finally {
      bar.finish();
    }
  }

  if (report) {
    await report.write(ctx.streams.stdout, summary);
  } else {
    const filters = [
      from ? `--from ${from}` : null,
      to ? `--to ${to}` : null,
      provider !== undefined ? `--provider ${shellWord(provider)}` : null,
    ].filter(Boolean);
    printSummary(ctx.out, summary, ['sessionctl duplicates', ...filters].join(' '));
  }
  if (interrupted) {
    ctx.out.info(`Interrupted: ${summary.removed} removed and committed; ${interrupted.notAttempted} not attempted.`);
    return 130;
  }
  return exitCodeOf(summary);
};
