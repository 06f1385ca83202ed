import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  program
    .command('calendar')
    .description("a month grid with each day's count of sessions; on a terminal, pick a day to list it")
    .option('--month <month>', 'the month as YYYY-MM (default this month)')
    .addHelpText('after', '\nExamples:\n  sessionctl calendar\n  sessionctl calendar --month 2026-11 --json')
    .action(runner(async () => ({ run: (await import('./run.js')).run })));
};
