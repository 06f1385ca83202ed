// Faults injected under the CLI (in process; one command of each fault also through the built binary):
// a SQLite file locked by another writer, files that are not
// (or no longer) databases, PostgreSQL out of reach, a schema from a newer version, a database that
// fails in the middle of a change. Each must end in exit 1 with a short message that says what to
// do: no stack trace, nothing but the answer on stdout, and no password anywhere.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { ENGINES, PG_URL, blankDatabase, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession, setMode } from '../helpers/fixtures.js';
import { ROOT, STACK_LINE, runCli, waitForOutput } from '../helpers/procs.js';
import { run, type HarnessResult } from '../helpers/harness.js';
import { baseline, checkInvariants, digest } from '../helpers/invariants.js';

// Real processes on a shared two-core machine: minutes, not the default minute.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

/** Every command that opens the database, as a user would run it. */
const EVERY_COMMAND: string[][] = [
  ['db', 'status'],
  ['dashboard', '--date', '2026-11-27'],
  ['search', '--patient', 'Ada'],
  ['confirm-schedule'],
  ['calendar', '--month', '2026-11'],
  ['explain', '1'],
  ['delete', '1', '--yes'],
  ['cancel', '1', '--class', 'No Show', '--yes'],
  ['duplicates', '--delete', '--yes'],
  ['--json', 'db', 'status'],
  ['--json', 'dashboard'],
  ['--json', 'delete', '1', '--yes'],
  ['classes', 'list'],
  ['--yes', 'classes', 'add', 'Storm Closure', '--cancellation'],
  ['payments', 'list', '1'],
  ['--yes', 'adjustments', 'remove', '1'],
  ['addenda', '--pending'],
  ['--yes', 'addenda', 'complete', '1'],
  ['audit', '--session', '1'],
  ['report', 'cancellations', '--by', 'month'],
  ['settings', 'get'],
  ['--yes', 'settings', 'set', 'integration_mode', 'webpt'],
];
/** A reader, a writer and a JSON run, as the built binary: the proof that the process behaves too (one per fault, in turn). */
const SOME_COMMANDS: string[][] = [['db', 'status'], ['--json', 'dashboard'], ['delete', '1', '--yes']];
let nextSpawned = 0;

/** Commands that print a listing on stdout before the part that can fail. */
const PRINTS_FIRST = new Set(['db', 'duplicates']);

let injected = 0;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  stray?: string;
}

/** A failure as a user must see it: exit 1, the message, at most an error line and a hint, no stack trace. */
function expectCleanFailure(r: Ran, args: string[], message: RegExp): void {
  const what = `${args.join(' ')} -> ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}\nelsewhere: ${r.stray ?? ''}`;
  injected += 1;
  expect(r.code, what).toBe(1);
  // Nothing written around the program's own streams (a driver or library logging on its own).
  expect(r.stray ?? '', what).toBe('');
  expect(r.stdout + r.stderr, what).not.toMatch(STACK_LINE);
  expect(r.stderr.trim().split('\n').length, what).toBeLessThanOrEqual(3);
  const json = args.includes('--json');
  const command = args.find((a) => !a.startsWith('-'))!;
  if (json && r.stdout !== '') {
    // db status answers in JSON even when the schema is not usable; its state says why.
    const doc = JSON.parse(r.stdout) as { state?: string };
    expect(command, what).toBe('db');
    expect(['empty', 'behind', 'newer'], what).toContain(doc.state);
    return;
  }
  expect(r.stdout + r.stderr, what).toMatch(message);
  if (!PRINTS_FIRST.has(command)) expect(r.stdout, what).toBe('');
}

/** Every command in this process, and one of a few as the built binary, against the same fault. */
async function underFault(location: string, message: RegExp): Promise<void> {
  for (const args of EVERY_COMMAND) expectCleanFailure(await run(['--db', location, ...args]), args, message);
  const args = SOME_COMMANDS[nextSpawned++ % SOME_COMMANDS.length]!;
  expectCleanFailure(await runCli(['--db', location, ...args]), args, message);
}

/** A run in this process, timed (the busy timeout is what is being tested). */
async function timed(args: string[], env: Record<string, string> = {}): Promise<HarnessResult & { ms: number }> {
  const started = Date.now();
  const r = await run(args, { env });
  return { ...r, ms: Date.now() - started };
}

describe('a SQLite file that is not a usable database', () => {
  let dir: string;
  let good: TestDb;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sessionctl-faults-'));
    good = await testDatabase('sqlite');
    const base = await baseData(good.db);
    for (let i = 0; i < 400; i++) await makeSession(good.db, base, { date: '2026-11-27', charges: 1, draftNotes: 1 });
    await good.db.close();
  });
  afterAll(async () => {
    await good.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is not a database at all: every command says so and exits 1', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'Monday: call Ada about her knee.\n'.repeat(200));
    await underFault(path, /is not a sessionctl database/);
  });

  it.each([
    ['its header cut short', 60],
    ['the first page only', 4096],
    ['half of it', 0.5],
    ['all but its last page', -4096],
  ])('is truncated (%s): every command reports it damaged and exits 1', async (_label, cut) => {
    const size = statSync(good.location).size;
    const keep = cut < 0 ? size + cut : cut < 1 ? Math.floor(size * cut) : cut;
    const path = join(dir, `truncated-${keep}.db`);
    writeFileSync(path, readFileSync(good.location).subarray(0, keep));
    await underFault(path, /damaged|not a sessionctl database/);
  });

  it('is an empty file: every command says to run db migrate', async () => {
    const path = join(dir, 'empty.db');
    writeFileSync(path, '');
    await underFault(path, /db migrate/);
  });

  it('is missing or a folder: every command says so, and nothing is created', async () => {
    await underFault(join(dir, 'missing.db'), /No database at .*missing\.db/);
    expect(() => statSync(join(dir, 'missing.db'))).toThrow();
    mkdirSync(join(dir, 'folder.db'));
    await underFault(join(dir, 'folder.db'), /is a directory/);
  });
});

describe('PostgreSQL out of reach', () => {
  const unreachable = 'postgres://clinic:secret-pw@127.0.0.1:1/practice';
  const noSuchDb = new URL(PG_URL);
  noSuchDb.username = 'postgres';
  noSuchDb.password = 'secret-pw';
  noSuchDb.pathname = '/sessionctl_no_such_database';

  it('a closed port: every command says the server cannot be reached, and never prints the password', async () => {
    await underFault(unreachable, /Cannot reach the PostgreSQL server for postgres:\/\/clinic:\*\*\*@127\.0\.0\.1:1/);
  });

  it('a database that does not exist: every command says so with the password masked', async () => {
    await underFault(noSuchDb.toString(), /PostgreSQL database in postgres:\/\/postgres:\*\*\*@.* does not exist/);
  });

  it('never prints the password, not even with --debug or in db status', async () => {
    const runs = [
      ['--debug', 'db', 'status'],
      ['--debug', '--json', 'dashboard'],
      ['--debug', 'delete', '1', '--yes'],
    ].flatMap((args) => [unreachable, noSuchDb.toString()].map((db) => ['--db', db, ...args]));
    for (const args of runs) {
      const r = await run(args);
      injected += 1;
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr + r.stray).not.toContain('secret-pw');
    }
  });
});

describe.each(ENGINES)('a schema that is not this version on %s', (engine) => {
  it('newer: every command refuses with "upgrade sessionctl" and changes nothing', async () => {
    const t = await testDatabase(engine);
    const base = await baseData(t.db);
    await makeSession(t.db, base);
    await t.db.knex('knex_migrations').insert({ name: '29990101000000_future_table', batch: 99, migration_time: new Date() });
    const before = await digest(t.db);
    await underFault(t.location, /newer sessionctl/i);
    const migrate = await run(['--db', t.location, 'db', 'migrate']);
    expectCleanFailure(migrate, ['db', 'migrate'], /newer sessionctl[\s\S]*Upgrade sessionctl/);
    expect(await digest(t.db)).toEqual(before);
    await t.dispose();
  });

  it('none yet: every command says to run db migrate', async () => {
    const blank = await blankDatabase(engine);
    if (engine === 'sqlite') writeFileSync(blank.location, '', { mode: 0o600 });
    await underFault(blank.location, /db migrate/);
    await blank.dispose();
  });
});

/** Another program holding SQLite's write lock until it is killed. */
async function holdWriteLock(path: string): Promise<ChildProcess> {
  const code = `
    const sqlite3 = require(${JSON.stringify(join(ROOT, 'node_modules/sqlite3'))});
    const db = new sqlite3.Database(process.argv[1]);
    db.exec('BEGIN IMMEDIATE; UPDATE settings SET key = key WHERE 0;', (err) => {
      if (err) { console.error(err.message); process.exit(1); }
      console.log('holding');
    });
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', code, path], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForOutput(child, /holding/);
  return child;
}

describe('a SQLite database locked by another writer', () => {
  let t: TestDb;
  let ids: number[];
  beforeAll(async () => {
    t = await testDatabase('sqlite');
    const base = await baseData(t.db);
    ids = [];
    for (let i = 0; i < 6; i++) ids.push(await makeSession(t.db, base, { charges: 1 }));
    await t.db.close();
  });
  afterAll(async () => t.dispose());

  it('makes every change wait for the busy timeout, then fail with exit 1 and change nothing', async () => {
    const timeout = 1200;
    const writers = [
      ['--yes', 'delete', String(ids[0])],
      ['--yes', '--json', 'cancel', String(ids[1]), '--class', 'Cancelled'],
      ['--yes', 'duplicates', '--delete'],
      ['db', 'migrate'],
    ];
    const holder = await holdWriteLock(t.location);
    try {
      for (const args of writers) {
        const r = await timed(['--db', t.location, ...args], { SESSIONCTL_BUSY_TIMEOUT_MS: String(timeout) });
        const what = `${args.join(' ')}: ${r.ms} ms`;
        expectCleanFailure(r, args, /locked by another program[\s\S]*SESSIONCTL_BUSY_TIMEOUT_MS/);
        // It waited (not an instant failure), and not much longer than asked.
        expect(r.ms, what).toBeGreaterThanOrEqual(timeout - 50);
        expect(r.ms, what).toBeLessThan(timeout + 4000);
      }
    } finally {
      holder.kill('SIGKILL');
    }
    const after = await run(['--db', t.location, '--json', 'search', '--from', '2026-01-01', '--to', '2026-12-31']);
    expect(after.code).toBe(0);
    expect((JSON.parse(after.stdout) as { sessions: unknown[] }).sessions).toHaveLength(ids.length);
  });

  it('lets reads through while the writer holds its lock', async () => {
    const holder = await holdWriteLock(t.location);
    try {
      injected += 1;
      const r = await run(['--db', t.location, '--json', 'explain', String(ids[2])], { env: { SESSIONCTL_BUSY_TIMEOUT_MS: '200' } });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).session.id).toBe(ids[2]);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('succeeds when the lock is released within the busy timeout', async () => {
    const holder = await holdWriteLock(t.location);
    setTimeout(() => holder.kill('SIGKILL'), 700);
    injected += 1;
    const r = await timed(['--db', t.location, '--yes', '--json', 'delete', String(ids[3])], { SESSIONCTL_BUSY_TIMEOUT_MS: '8000' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeGreaterThanOrEqual(600);
    expect(JSON.parse(r.stdout).results[0].outcome).toBe('deleted');
  });
});

/**
 * A database that fails in the middle of a change: a trigger refuses the audit row, or the delete
 * after the audit row was written. The whole change must roll back: no session gone without its
 * audit row, no audit row without its change.
 */
describe.each(ENGINES)('a failure in the middle of a change on %s', (engine) => {
  async function failOn(t: TestDb, table: 'audit_log' | 'sessions', op: 'INSERT' | 'DELETE' | 'UPDATE', sessionId: number): Promise<void> {
    const k = t.db.knex;
    const col = table === 'audit_log' ? 'session_id' : 'id';
    const row = op === 'INSERT' ? 'NEW' : 'OLD';
    if (engine === 'sqlite') {
      await k.raw(`CREATE TRIGGER inject_fault BEFORE ${op} ON ${table} WHEN ${row}.${col} = ${sessionId}
        BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
    } else {
      await k.raw(`CREATE FUNCTION inject_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF ${row}.${col} = ${sessionId} THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN ${row}; END $$`);
      await k.raw(`CREATE TRIGGER inject_fault BEFORE ${op} ON ${table} FOR EACH ROW EXECUTE FUNCTION inject_fault()`);
    }
  }

  it.each([
    ['the audit row is refused', 'audit_log', 'INSERT', 'delete'],
    ['the session delete fails after its audit row', 'sessions', 'DELETE', 'delete'],
    ['the audit row of a cancellation is refused', 'audit_log', 'INSERT', 'cancel'],
    ['the cancellation update fails after its audit row', 'sessions', 'UPDATE', 'cancel'],
  ] as const)('%s: exit 1, a one-line message, and the batch is undone', async (_label, table, op, action) => {
    const t = await testDatabase(engine);
    const base = await baseData(t.db);
    await setMode(t.db, 'webpt');
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await makeSession(t.db, base, { charges: 2, draftNotes: 1 }));
    await failOn(t, table, op, ids[3]!);
    const before = await digest(t.db);
    const snap = await baseline(t.db);
    const args = action === 'delete' ? ['delete', ...ids.map(String)] : ['cancel', ...ids.map(String), '--class', 'No Show'];
    const r = await run(['--db', t.location, '--yes', '--json', ...args]);
    expectCleanFailure(r, args, /injected fault|Run again with --debug/);
    expect(r.stderr).not.toMatch(/insert into|delete from|update /i);
    expect(await digest(t.db)).toEqual(before);
    expect((await checkInvariants(t.db, snap)).violations).toEqual([]);
    await t.dispose();
  });
});

afterAll(() => {
  console.info(`[reliability] faults injected: ${injected}`);
});
