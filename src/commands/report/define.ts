import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  const report = program.command('report').description('reports over the practice data');
  report
    .command('cancellations')
    .description('counts of cancelled sessions by class, provider or month, with a bar chart')
    .option('--from <date>', 'sessions scheduled on or after: YYYY-MM-DD, today, yesterday, tomorrow')
    .option('--to <date>', 'sessions scheduled on or before')
    .option('--by <grouping>', 'class, provider or month', 'class')
    .addHelpText('after', '\nExamples:\n  sessionctl report cancellations --by month\n  sessionctl report cancellations --from 2026-10-01 --to 2026-10-31 --by provider')
    .action(runner(async () => ({ run: (await import('./run.js')).cancellationsRun })));
};
