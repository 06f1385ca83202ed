import { lazy, type CommandSpec } from '../define.js';

export const report: CommandSpec = {
  name: 'report',
  description: 'reports over the practice data',
  subcommands: [
    {
      name: 'cancellations',
      description: 'counts of cancelled sessions by class, provider or month, with a bar chart',
      options: [
        ['--from <date>', 'sessions scheduled on or after: YYYY-MM-DD, today, yesterday, tomorrow'],
        ['--to <date>', 'sessions scheduled on or before'],
        ['--by <grouping>', 'class, provider or month', { default: 'class' }],
      ],
      help: '\nExamples:\n  sessionctl report cancellations --by month\n  sessionctl report cancellations --from 2026-10-01 --to 2026-10-31 --by provider',
      run: lazy(() => import('./run.js'), 'cancellationsRun'),
    },
  ],
};
