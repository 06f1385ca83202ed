import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  program
    .command('doctor')
    .description("whether the practice's database is healthy, and for each problem the command that deals with it (exit 0 healthy, 1 problems)")
    .option('--wal-limit <MiB>', 'a write-ahead log larger than this is a problem (default: SQLite 64, PostgreSQL twice max_wal_size)')
    .option('--addenda-days <days>', 'a WebPT addendum owed for longer than this is a problem (default 7)')
    .action(runner(async () => ({ run: (await import('./run.js')).run })));
};
