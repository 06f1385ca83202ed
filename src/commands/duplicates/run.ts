import { setFlagsFromString } from 'node:v8';
import type { CommandRun } from '../define.js';
import type { OutcomeResult } from '../../domain/types.js';
import { UsageError } from '../../domain/errors.js';
import { removeDuplicates, scanDuplicates } from '../../actions/duplicates.js';
import { providersMatching, someProviderNames, type DuplicateFilter } from '../../store/duplicates.js';
import { confirmChange, requireYesOffTerminal } from '../../ui/confirm.js';
import { DuplicatesReport, printGroup, printSummary, type DuplicatesSummary } from '../../ui/duplicates.js';
import { shellWord } from '../../ui/explain.js';
import { printOutcomes } from '../../ui/outcomes.js';
import { progressBar } from '../../ui/progress.js';
import { checkRange, parseDay, parseText, resolveDay, shorten } from '../parse.js';
import { practiceToday } from '../../store/settings.js';

export const run: CommandRun = async (ctx, _args, opts) => {
  // The scan makes many short-lived objects a page at a time; a larger young generation spares most
  // of the collections they cost (set here, after start-up, so the bundle's code cache still applies).
  setFlagsFromString('--max-semi-space-size=32');
  const fromDay = opts.from === undefined ? undefined : parseDay(String(opts.from), '--from');
  const toDay = opts.to === undefined ? undefined : parseDay(String(opts.to), '--to');
  const provider = opts.provider === undefined ? undefined : parseText(String(opts.provider), '--provider');
  const remove = Boolean(opts.delete);
  const dryRun = Boolean(opts.dryRun);
  if (dryRun && !remove) {
    throw new UsageError(
      '--dry-run goes with --delete: without --delete nothing is changed anyway.',
      'Run `sessionctl duplicates --delete --dry-run` to check each removal against the rules.',
    );
  }

  const db = await ctx.openDb();
  const today = await practiceToday(db.knex, ctx.now());
  const from = fromDay === undefined ? undefined : resolveDay(fromDay, today);
  const to = toDay === undefined ? undefined : resolveDay(toDay, today);
  checkRange(from, to);
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
  if (changes) requireYesOffTerminal(ctx, 'Removing duplicate sessions');

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

  if (remove && removal.ids.length > 0) {
    if (changes && !ctx.yes) {
      const question =
        `Permanently delete ${removal.ids.length} duplicate session(s) from ${scan.groups - scan.conflicts} group(s)? ` +
        "Each is audited; this can't be undone.";
      if (!(await confirmChange(ctx, question))) {
        ctx.out.info('Nothing was changed.');
        return 1;
      }
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
  if (summary.notFound > 0) return 1;
  if (summary.refused > 0) return 3;
  return 0;
};
