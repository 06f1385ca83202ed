import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  program
    .command('confirm-schedule')
    .description('the billing list: sessions still "scheduled" up to a day (default today), oldest first')
    .option('--from <date>', 'on or after: YYYY-MM-DD, today, yesterday or tomorrow')
    .option('--to <date>', 'on or before (default today): YYYY-MM-DD, today, yesterday or tomorrow')
    .option('--provider <text>', 'provider name, partial, any case, or provider id')
    .addHelpText('after', '\nExamples:\n  sessionctl confirm-schedule\n  sessionctl confirm-schedule --from 2026-11-01 --provider rivera')
    .action(runner(async () => ({ run: (await import('./run.js')).run })));
};
