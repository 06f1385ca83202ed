// Hostile input on the command line, on a demo practice on each engine. A property over every
// command and option (fast-check, fixed seed): whatever the arguments, the run ends with 0, 1, 2 or
// 3, a short message, no stack trace, JSON that parses, and after a usage error (2) not one row
// changed. It runs in this process through main() (hundreds of command lines in seconds) and as the
// built binary (fewer: each is a process start). Then injection strings in every filter and every
// name, and in --db: the tables stay intact.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { STACK_LINE, runCli } from '../helpers/procs.js';
import { run } from '../helpers/harness.js';
import { changeMarker, digest } from '../helpers/invariants.js';
import { generateDemo } from '../../src/commands/demo/generate.js';
import { insertSeed } from '../../src/store/seed.js';
import type { Engine } from '../../src/domain/types.js';

/** Command lines run in this process, and as spawned binaries; both split 2:1 between SQLite and PostgreSQL. */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const FUZZ_SPAWN_RUNS = Number(process.env.FUZZ_SPAWN_RUNS ?? 6);
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const share = (total: number, engine: Engine) => (engine === 'sqlite' ? Math.ceil((total * 2) / 3) : Math.floor(total / 3));

// A spawned run takes a third of a second (more on a busy machine): the time allowed follows the runs.
vi.setConfig({ testTimeout: Math.max(300_000, FUZZ_SPAWN_RUNS * 3_000 + FUZZ_RUNS * 300), hookTimeout: 120_000 });

const INJECTIONS = [
  "' OR 1=1 --",
  "Robert'); DROP TABLE patients;--",
  'today; DROP TABLE sessions;--',
  '" OR ""="',
  "%' UNION SELECT name FROM sqlite_master --",
  '1; DELETE FROM audit_log',
  '$1',
  '?',
  '\\',
  '%_%',
];

const HOSTILE = [
  ...INJECTIONS,
  '',
  ' ',
  '\t',
  'line\nbreak',
  'Zoë 🦄',
  'Núñez',
  '\u202eevil',
  'ｆｕｌｌｗｉｄｔｈ',
  '-1',
  '0',
  '1e309',
  '99999999999999999999',
  'NaN',
  '--',
  '-',
  'null',
  'undefined',
  '../../etc/passwd',
  'x'.repeat(10_000),
  '🦄'.repeat(3_000),
];

const freeText = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\u0000'));
const hostile = fc.constantFrom(...HOSTILE);
/** Mostly values a user would type, so that runs get past validation; hostile ones often enough to find holes. */
const mostly = <T>(usual: fc.Arbitrary<T>, ...odd: Array<fc.Arbitrary<T>>) =>
  fc.oneof({ arbitrary: usual, weight: 3 }, ...odd.map((arbitrary) => ({ arbitrary, weight: 1 })));
const date = mostly(
  fc.constantFrom('2026-11-27', '2026-10-01', '2026-12-31', 'today', 'yesterday', 'tomorrow', 'TODAY', ' today '),
  fc.constantFrom('2026-02-30', '2026-13-01', '2026-00-10', '2026-1-1', '27/11/2026', '2026-11-27T10:00', '99999-01-01', '0000-00-00'),
  hostile,
  freeText,
);
const month = mostly(fc.constantFrom('2026-11', '2026-10', 'this'), fc.constantFrom('2026-13', '2026-1', '11-2026'), hostile);
const id = mostly(
  fc.oneof(fc.constantFrom('1460', '1461', '1462', '1463', '1465', '1466', '1467', '1469', '1473', '999999'), fc.integer({ min: 1, max: 1600 }).map(String)),
  fc.constantFrom('2147483647', '2147483648', '0', '-1', '1.5', ' 7 ', '0x10', '+3'),
  hostile,
);
const ids = fc.array(id, { minLength: 0, maxLength: 4 });
const count = mostly(fc.constantFrom('1', '5', '50', '1000000'), fc.constantFrom('1000001', '0', '-3'), id);
const name = mostly(
  fc.constantFrom('Ada', 'Lovelace', "O'Brien", 'Rivera', 'Main Street', 'PT-001', 'No Show', 'Cancelled', 'Late Cancel', 'Follow-up', 'a'),
  hostile,
  freeText,
);
const statuses = mostly(fc.constantFrom('scheduled', 'confirmed,cancelled', 'CANCELLED'), fc.constantFrom('deleted', 'scheduled,,', ','), hostile);
const flag = fc.constant(null);

type Value = fc.Arbitrary<string | null>;
interface CommandSpec {
  path: string[];
  args?: fc.Arbitrary<string[]>;
  options?: Record<string, Value>;
}

/** Every command with its arguments and options, each fed real and hostile values. */
const SPECS: CommandSpec[] = [
  { path: ['dashboard'], options: { '--date': date } },
  {
    path: ['search'],
    options: { '--patient': name, '--provider': name, '--location': name, '--from': date, '--to': date, '--status': statuses, '--class': name, '--limit': count },
  },
  { path: ['confirm-schedule'], options: { '--from': date, '--to': date, '--provider': name } },
  { path: ['calendar'], options: { '--month': month } },
  { path: ['explain'], args: ids },
  { path: ['delete'], args: ids, options: { '--dry-run': flag, '--reason': name } },
  { path: ['cancel'], args: ids, options: { '--class': name, '--dry-run': flag, '--reason': name } },
  { path: ['confirm'], args: ids, options: { '--dry-run': flag, '--reason': name } },
  { path: ['uncancel'], args: ids, options: { '--class': name, '--dry-run': flag, '--reason': name } },
  { path: ['restore'], args: ids, options: { '--dry-run': flag, '--reason': name } },
  { path: ['charges', 'list'], args: ids },
  { path: ['charges', 'remove'], args: ids, options: { '--reason': name, '--dry-run': flag } },
  { path: ['duplicates'], options: { '--from': date, '--to': date, '--provider': name, '--delete': flag, '--dry-run': flag } },
  { path: ['classes', 'list'] },
  { path: ['classes', 'add'], args: fc.array(name, { maxLength: 2 }), options: { '--cancellation': flag } },
  { path: ['classes', 'deactivate'], args: fc.array(name, { maxLength: 2 }) },
  { path: ['classes', 'reactivate'], args: fc.array(name, { maxLength: 2 }) },
  { path: ['payments', 'list'], args: ids },
  { path: ['payments', 'remove'], args: ids, options: { '--reason': name, '--dry-run': flag } },
  { path: ['adjustments', 'list'], args: ids },
  { path: ['adjustments', 'remove'], args: ids, options: { '--reason': name, '--dry-run': flag } },
  { path: ['addenda'], options: { '--pending': flag, '--limit': count } },
  { path: ['addenda', 'complete'], args: ids },
  { path: ['audit'], options: { '--session': id, '--actor': name, '--action': fc.oneof(fc.constantFrom('session', 'session.delete', 'payment.remove', 'class'), name), '--from': date, '--to': date, '--limit': count } },
  { path: ['audit', 'show'], args: ids },
  { path: ['report', 'cancellations'], options: { '--from': date, '--to': date, '--by': fc.oneof(fc.constantFrom('class', 'provider', 'month', 'week'), name) } },
  { path: ['settings', 'get'], args: fc.array(fc.oneof(fc.constantFrom('integration_mode'), name), { maxLength: 2 }) },
  { path: ['settings', 'set'], args: fc.array(fc.oneof(fc.constantFrom('integration_mode', 'standalone', 'webpt', 'WebPT'), name), { maxLength: 3 }) },
  { path: ['db', 'status'] },
  { path: ['doctor'], options: { '--wal-limit': fc.oneof(count, name), '--addenda-days': fc.oneof(count, name) } },
];

const globals = fc.subarray(['--json', '--yes', '--no-input', '--read-only']);
const unknown = fc.constantFrom('--force', '-x', '--', '--date=2026-11-27', '--no-such-option', '-rf', '--json=yes', 'extra');

/** One command line: globals, the command, its arguments, some of its options in any order, maybe an unknown token. */
function argvFor(spec: CommandSpec): fc.Arbitrary<string[]> {
  const options = Object.entries(spec.options ?? {});
  return fc
    .record({
      globals,
      actor: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: name, weight: 1 }),
      args: spec.args ?? fc.constant([] as string[]),
      chosen: fc.shuffledSubarray(options).chain((picked) =>
        fc.tuple(...picked.map(([opt, value]) => value.map((v) => (v === null ? [opt] : [opt, v])))),
      ),
      stray: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: fc.tuple(unknown, fc.nat()), weight: 1 }),
    })
    .map(({ globals: g, actor, args, chosen, stray }) => {
      const argv = [...g, ...(actor === undefined ? [] : ['--actor', actor]), ...spec.path, ...args, ...(chosen as string[][]).flat()];
      if (stray) argv.splice(Math.min(argv.length, spec.path.length + (stray[1] % 4)), 0, stray[0]);
      return argv;
    });
}

const anyCommandLine = fc.oneof(...SPECS.map(argvFor));

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What every run must look like, whatever it was given. */
function expectWellBehaved(r: Ran, argv: string[]): void {
  const what = `argv: ${JSON.stringify(argv).slice(0, 600)}\nexit: ${r.code}\nstderr: ${r.stderr.slice(0, 1500)}`;
  expect([0, 1, 2, 3], what).toContain(r.code);
  expect(r.stdout + r.stderr, what).not.toMatch(STACK_LINE);
  // Every failure is one the program knows and explains; an unexpected error asks for --debug.
  expect(r.stderr, what).not.toMatch(/Run again with --debug/);
  expect(r.stderr.length, what).toBeLessThan(2000);
  if (argv.includes('--json') && r.stdout.trim() !== '') {
    expect(() => JSON.parse(r.stdout), what).not.toThrow();
  }
}

const tally: Record<string, number> = {};
const note = (key: string, n = 1) => (tally[key] = (tally[key] ?? 0) + n);

async function demoPractice(engine: Engine): Promise<TestDb> {
  const t = await testDatabase(engine);
  await insertSeed(t.db, generateDemo('2026-11-27', '2026-11-27T12:00:00Z').data);
  return t;
}

describe.each(ENGINES)('any command line on %s', (engine) => {
  let t: TestDb;
  let cwd: string;
  beforeAll(async () => {
    t = await demoPractice(engine);
    // Relative paths that a hostile value might name land in a scratch folder.
    cwd = mkdtempSync(join(tmpdir(), 'sessionctl-fuzz-'));
  });
  afterAll(async () => {
    await t.dispose();
    rmSync(cwd, { recursive: true, force: true });
  });
  // In this process a command that calls process.exit would end the test run: it fails instead.
  beforeEach(() => {
    vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`process.exit(${code}) called; commands return their exit code`);
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('injection strings in every filter and every name: no effect but "nothing found" or a usage error, tables intact', async () => {
    const before = await digest(t.db);
    const filters: string[][] = [
      ['search', '--patient'],
      ['search', '--provider'],
      ['search', '--location'],
      ['search', '--class'],
      ['search', '--status'],
      ['search', '--from'],
      ['search', '--limit'],
      ['confirm-schedule', '--provider'],
      ['confirm-schedule', '--to'],
      ['calendar', '--month'],
      ['duplicates', '--provider'],
      ['audit', '--actor'],
      ['audit', '--action'],
      ['audit', '--session'],
      ['audit', 'show'],
      ['addenda', '--limit'],
      ['report', 'cancellations', '--by'],
      ['classes', 'deactivate'],
      ['classes', 'reactivate'],
      ['settings', 'get'],
      ['settings', 'set', 'integration_mode'],
      ['cancel', '1460', '--class'],
      ['dashboard', '--date'],
      ['explain'],
      ['delete'],
      ['payments', 'list'],
      ['payments', 'remove'],
      ['adjustments', 'remove'],
      ['addenda', 'complete'],
    ];
    for (const f of filters) {
      for (const s of INJECTIONS) {
        const argv = ['--db', t.location, '--json', '--yes', ...f, s];
        const r = await run(argv);
        note(`${engine} injections`);
        expectWellBehaved(r, argv);
        expect([0, 1, 2], `${argv.join(' ')}: ${r.stderr}`).toContain(r.code);
        if (r.code === 0 && argv.includes('search')) expect(JSON.parse(r.stdout).sessions, argv.join(' ')).toEqual([]);
      }
    }
    expect(await digest(t.db)).toEqual(before);
  });

  it('names with quotes, unicode and injection strings are stored as written, and nothing else changes', async () => {
    const tables = await digest(t.db);
    const names = ["Robert'); DROP TABLE patients;--", 'Zoë 🦄 "No Show"', "' OR 1=1 --"];
    for (const n of names) {
      const r = await run(['--db', t.location, '--yes', '--json', 'classes', 'add', n, '--cancellation'], { cwd });
      note(`${engine} injections`);
      expectWellBehaved(r, ['classes', 'add', n]);
      expect(r.code, r.stderr).toBe(0);
      const sid = Number((await t.db.knex('sessions').where({ status: 'scheduled' }).orderBy('id').first()).id);
      const cancel = await run(['--db', t.location, '--yes', '--json', 'cancel', String(sid), '--class', n, '--reason', n], { cwd });
      note(`${engine} injections`);
      expect(cancel.code, cancel.stderr).toBe(0);
      const row = await t.db.knex('audit_log').where({ session_id: sid, action: 'session.cancel' }).first();
      expect(JSON.parse(row.detail).sessionClass.name).toBe(n);
      expect(JSON.parse(row.detail).reason).toBe(n);
    }
    const classes = (await t.db.knex('session_classes').select('name')).map((r: { name: string }) => r.name);
    for (const n of names) expect(classes).toContain(n);
    const after = await digest(t.db);
    for (const table of Object.keys(tables)) {
      if (!['session_classes', 'audit_log', 'sessions', 'sqlite_sequence'].includes(table)) expect(after[table], table).toBe(tables[table]);
    }
    expect(Object.keys(after).sort()).toEqual(Object.keys(tables).sort());
  });

  it('the change marker the property relies on moves with every committed change and only then', async () => {
    const m0 = await changeMarker(t.db);
    expect((await run(['--db', t.location, '--json', 'search', '--status', 'scheduled'])).code).toBe(0);
    expect(await changeMarker(t.db)).toBe(m0);
    const sid = Number((await t.db.knex('sessions').where({ status: 'scheduled' }).orderBy('id').first()).id);
    const r = await run(['--db', t.location, '--yes', '--json', 'confirm', String(sid)]);
    expect(r.code, r.stderr).toBe(0);
    const m1 = await changeMarker(t.db);
    expect(m1).not.toBe(m0);
    // Through another connection, as the property's commands write: an insert, then a delete alone
    // (no new row version anywhere) each move it.
    const other = t.open();
    await other.knex('settings').insert({ key: 'fuzz_marker_probe', value: 'x' });
    const m2 = await changeMarker(t.db);
    expect(m2).not.toBe(m1);
    await other.knex('settings').where({ key: 'fuzz_marker_probe' }).del();
    expect(await changeMarker(t.db)).not.toBe(m2);
  });

  /** The property, with one way of running a command line. */
  async function property(label: string, runs: number, seed: number, run: (argv: string[]) => Promise<Ran>): Promise<void> {
    let before = await digest(t.db);
    let marker = await changeMarker(t.db);
    await fc.assert(
      fc.asyncProperty(anyCommandLine, async (argv) => {
        const r = await run(['--db', t.location, ...argv]);
        note(`${engine} ${label} runs`);
        note(`${engine} ${label} exit ${r.code}`);
        expectWellBehaved(r, argv);
        // The whole digest only when something was committed: most lines change nothing.
        const now = await changeMarker(t.db);
        if (now === marker) return;
        note(`${engine} ${label} digests`);
        const after = await digest(t.db);
        if (r.code === 2) expect(after, `usage error changed the database: ${JSON.stringify(argv).slice(0, 300)}`).toEqual(before);
        before = after;
        marker = now;
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
  }

  it(`in this process: ends in 0/1/2/3 with a short message, and a usage error changes nothing (${share(FUZZ_RUNS, engine)} runs, seed ${FUZZ_SEED})`, async () => {
    await property('in-process', share(FUZZ_RUNS, engine), FUZZ_SEED + (engine === 'pg' ? 1 : 0), (argv) => run(argv));
  });

  it(`as the built binary: the same, process and all (${share(FUZZ_SPAWN_RUNS, engine)} runs, seed ${FUZZ_SEED + 10})`, async () => {
    await property('spawned', share(FUZZ_SPAWN_RUNS, engine), FUZZ_SEED + 10 + (engine === 'pg' ? 1 : 0), (argv) => runCli(argv, { cwd }));
  });
});

describe('the fuzzed command lines', () => {
  it('cover every command of the program (demo apart: it writes its own file)', async () => {
    const help = await run(['--help']);
    const section = help.stdout.split(/^Commands:$/m)[1] ?? '';
    const commands = [...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThan(10);
    const fuzzed = new Set(SPECS.map((spec) => spec.path[0]));
    expect(commands.filter((c) => c !== 'demo' && !fuzzed.has(c))).toEqual([]);
  });
});

describe('--db itself', () => {
  it('hostile locations fail with a short message and create nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sessionctl-fuzz-db-'));
    const locations = [
      ...INJECTIONS,
      'postgres://',
      'postgres://u:p@',
      'postgres://[::1',
      'sqlite:',
      `postgres://u:pw@127.0.0.1:1/x?schema=${encodeURIComponent('a; DROP SCHEMA public')}`,
      'x'.repeat(5000),
      ' ',
    ];
    for (const db of locations) {
      const r = await run(['--db', db, '--json', 'dashboard'], { cwd });
      note('runs (--db)');
      expectWellBehaved(r, ['--db', db]);
      expect([1, 2]).toContain(r.code);
      expect(r.stdout).toBe('');
    }
    expect(readdirSync(cwd)).toEqual([]);
    rmSync(cwd, { recursive: true, force: true });
  });
});

afterAll(() => {
  console.info(`[reliability] fuzz (seed ${FUZZ_SEED}): ${JSON.stringify(tally, null, 1)}`);
});
