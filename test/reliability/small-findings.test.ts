// The smaller findings of the hardening review: a hang after a failed first statement, a dropped
// table reported as such, and a date-only SESSIONCTL_NOW read as the start of that day locally.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINES, PG_URL, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession } from '../helpers/fixtures.js';
import { runInProcess } from '../helpers/in-process.js';
import { runCli } from '../helpers/procs.js';

vi.setConfig({ testTimeout: 120_000 });

describe('?options=-c statement_timeout=1 (built binary: the subject is whether the process ends)', () => {
  it('every command prints its error and exits 1 instead of hanging', async () => {
    const url = new URL(PG_URL);
    // Every statement compiled by the JIT first (tens of ms) outlasts the 1 ms timeout on any machine:
    // with the timeout alone, a fast day ran `db status`'s statements within 1 ms, and it reported
    // the missing schema instead of an error, leaving the failed first statement untested.
    url.searchParams.set('options', '-c statement_timeout=1 -c jit=on -c jit_above_cost=0');
    const commands = [['db', 'status'], ['dashboard'], ['explain', '1'], ['--yes', 'delete', '1']];
    // Killed after a minute: a hung process fails here instead of hanging the suite.
    const runs = [];
    for (const args of commands) runs.push(await runCli(['--db', url.toString(), ...args], { timeoutMs: 60_000 }));
    for (const r of runs) {
      expect(r.signal).toBeNull();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error:/);
    }
  });
});

describe.each(ENGINES)('a dropped table on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDatabase(engine);
    const base = await baseData(t.db);
    await makeSession(t.db, base);
    await t.db.knex.schema.dropTable('claims');
  });
  afterAll(async () => t.dispose());

  it('db status says the schema is damaged, naming the table (exit 1)', async () => {
    const r = await runInProcess(['--db', t.location, 'db', 'status']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/damaged: table\(s\) claims missing/);
    const j = await runInProcess(['--db', t.location, '--json', 'db', 'status']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ state: 'damaged', missing: ['claims'] });
  });

  it('every other command says so too, and db migrate does not call it up to date', async () => {
    for (const args of [['dashboard'], ['explain', '1'], ['--yes', 'delete', '1'], ['search', '--patient', 'Ada'], ['audit'], ['db', 'migrate']]) {
      const r = await runInProcess(['--db', t.location, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/damaged: table\(s\) claims missing/);
      expect(r.stderr).not.toMatch(/no such table|does not exist/);
    }
  });
});

describe.each(ENGINES)('SESSIONCTL_NOW as a date alone on %s', (engine) => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it.each([
    ['America/Los_Angeles', '2026-12-02T08:00:00Z'],
    ['Asia/Tokyo', '2026-12-01T15:00:00Z'],
  ])('in %s is the start of that day there', async (zone, instant) => {
    process.env.TZ = zone;
    const t = await testDatabase(engine);
    try {
      const base = await baseData(t.db);
      const id = await makeSession(t.db, base, { date: '2026-12-02' });
      const r = await runInProcess(['--db', t.location, '--yes', 'delete', String(id)], { SESSIONCTL_NOW: '2026-12-02' });
      expect(r.code, r.stderr).toBe(0);
      const row = await t.db.knex('audit_log').where({ session_id: id }).first('at');
      expect(row.at).toBe(instant);
    } finally {
      await t.dispose();
    }
  });
});
