import type { Define } from '../define.js';

export const DEFAULT_LIMIT = 50;

export const define: Define = (program, runner) => {
  program
    .command('search')
    .description('sessions matching filters, oldest first; on a terminal, pick one to delete or cancel')
    .option('--patient <text>', 'patient name ("First Last" or "Last, First") or chart number, partial, any case')
    .option('--provider <text>', 'provider name, partial, any case, or provider id')
    .option('--location <text>', 'location name, partial, any case, or location id')
    .option('--from <date>', 'on or after: YYYY-MM-DD, today, yesterday or tomorrow')
    .option('--to <date>', 'on or before: YYYY-MM-DD, today, yesterday or tomorrow')
    .option('--status <list>', 'scheduled, confirmed and/or cancelled, separated by commas')
    .option('--class <name>', 'session class name, exact, any case')
    .option('--limit <n>', `at most this many sessions (default ${DEFAULT_LIMIT}); a notice says when there were more`)
    .addHelpText(
      'after',
      '\nExamples:\n  sessionctl search --patient "garcia"\n  sessionctl search --patient PT-10012 --from 2026-11-01\n' +
        '  sessionctl search --provider rivera --status cancelled --class "No Show" --json',
    )
    .action(runner(async () => ({ run: (await import('./run.js')).run })));
};
