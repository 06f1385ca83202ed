import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  program
    .command('dashboard')
    .description("one day's sessions by time; on a terminal, pick one to delete or cancel")
    .option('--date <date>', 'the day: YYYY-MM-DD, today, yesterday or tomorrow (default today)')
    .addHelpText('after', '\nExamples:\n  sessionctl dashboard\n  sessionctl dashboard --date yesterday\n  sessionctl dashboard --date 2026-11-27 --json')
    .action(runner(async () => ({ run: (await import('./run.js')).run })));
};
