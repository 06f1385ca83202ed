import { lazy, type CommandSpec } from '../define.js';

export const doctor: CommandSpec = {
  name: 'doctor',
  description: "whether the practice's database is healthy, and for each problem the command that deals with it (exit 0 healthy, 1 problems)",
  options: [
    ['--wal-limit <MiB>', 'a write-ahead log larger than this is a problem (default: SQLite 64, PostgreSQL twice max_wal_size)'],
    ['--addenda-days <days>', 'a WebPT addendum owed for longer than this is a problem (default 7)'],
  ],
  run: lazy(() => import('./run.js'), 'run'),
};
