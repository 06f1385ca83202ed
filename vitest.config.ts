import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The tests wait (on PostgreSQL, on SQLite's syncs, on child processes and terminals) more than
    // they compute: on this 2-core machine vitest's default of one worker (cores - 1) ran the suite in
    // 198 s with the CPUs idle a third of the time; three workers, 125 s. Each test has its own
    // database (a SQLite file, a PostgreSQL schema), so files never share state.
    maxWorkers: 3,
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
