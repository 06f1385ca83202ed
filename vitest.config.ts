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
    // A worker keeps its loaded modules from one file to the next instead of a new process per file:
    // importing knex, both drivers, inquirer and our code again for each of 45 files cost about 40 s
    // of CPU in all. No test mocks a module or leaves global state behind (TZ is put back).
    isolate: false,
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
