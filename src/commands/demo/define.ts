import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  program
    .command('demo')
    .description('make a demo database (default ./sessionctl-demo.db) around a date, then open its dashboard')
    .option('--date <date>', 'the demo day: YYYY-MM-DD, today, yesterday or tomorrow', 'today')
    .action(runner(async () => ({ run: (await import('./run.js')).run })));
};
