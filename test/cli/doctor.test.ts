// `sessionctl doctor` on a healthy database and on one with every problem it knows planted, on both
// engines: each problem reported with the command that deals with it, exit 1; --read-only alike.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, blankDatabase, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { run } from '../helpers/harness.js';
import type { HealthCheck } from '../../src/domain/health.js';

interface Report {
  ok: boolean;
  database: { engine: string; location: string; readOnly: boolean };
  checks: HealthCheck[];
}

const IDS = ['database', 'schema', 'integrity', 'foreign-keys', 'audit-chain', 'duplicates', 'addenda', 'inactive-providers', 'wal'];

describe.each(ENGINES)('doctor on %s', (engine) => {
  let t: TestDb;
  let b: BaseIds;
  beforeEach(async () => {
    t = await testDatabase(engine);
    b = await baseData(t.db);
    await makeSession(t.db, b, { date: '2026-11-27', start: '09:00', claims: 1 });
    await makeSession(t.db, b, { date: '2026-11-30', start: '10:00' });
  });
  afterEach(async () => t.dispose());

  const doctor = async (...args: string[]) => {
    const r = await run(['--db', t.location, '--json', 'doctor', ...args]);
    return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
  };
  const byId = (report: Report) => Object.fromEntries(report.checks.map((c) => [c.id, c]));

  it('says a healthy database is healthy: every check ok, exit 0, also read-only', async () => {
    for (const extra of [[], ['--read-only']]) {
      const r = await run(['--db', t.location, '--json', ...extra, 'doctor']);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.ok).toBe(true);
      expect(report.database).toEqual({ engine, location: expect.any(String), readOnly: extra.length > 0 });
      expect(report.checks.map((c) => c.id)).toEqual(IDS);
      for (const c of report.checks) expect([c.id, c.status]).toEqual([c.id, 'ok']);
    }
    const human = await run(['--db', t.location, 'doctor']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/✔ database\s+(SQLite|PostgreSQL) at /);
    expect(human.stdout).toMatch(/\nHealthy\.\n$/);
  });

  it('finds each planted problem and names what deals with it, exit 1, also read-only', async () => {
    const k = t.db.knex;
    // An audit entry altered behind sessionctl's back (its append-only triggers set aside first).
    const cancelled = await run(['--db', t.location, '--yes', 'cancel', '2', '--class', 'Cancelled']);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    if (engine === 'pg') await k.raw('ALTER TABLE audit_log DISABLE TRIGGER USER');
    else for (const name of ['audit_log_no_update', 'audit_log_no_delete', 'audit_log_no_replace']) await k.raw(`DROP TRIGGER ${name}`);
    await k('audit_log').update({ actor: 'mallory' });
    // Duplicates: one group to clean up, one conflict (both billed).
    await makeSession(t.db, b, { date: '2026-11-20', start: '11:00' });
    await makeSession(t.db, b, { date: '2026-11-20', start: '11:00' });
    await makeSession(t.db, b, { date: '2026-11-21', start: '11:00', claims: 1 });
    await makeSession(t.db, b, { date: '2026-11-21', start: '11:00', claims: 1 });
    // An addendum owed for ten days, one for two days (not yet a problem).
    await k('addenda').insert([
      { session_id: 9001, patient_id: b.patients[0], scheduled_date: '2026-11-10', created_at: '2026-11-17T10:00:00Z' },
      { session_id: 9002, patient_id: b.patients[0], scheduled_date: '2026-11-24', created_at: '2026-11-25T10:00:00Z' },
    ]);
    // A provider made inactive with sessions still ahead (and one in the past, which is history).
    await k('providers').where('id', b.providers[1]).update({ active: false });
    await makeSession(t.db, b, { date: '2026-12-03', start: '08:00', providerId: b.providers[1] });
    await makeSession(t.db, b, { date: '2026-11-02', start: '08:00', providerId: b.providers[1] });
    // A claim pointing at a session that does not exist, written with the foreign keys off.
    if (engine === 'sqlite') {
      await k.raw('PRAGMA foreign_keys = OFF');
      await k('claims').insert({ session_id: 424242, payer: 'Aetna', billed_at: '2026-11-20T10:00:00Z', status: 'submitted' });
      await k.raw('PRAGMA foreign_keys = ON');
      // Damage an index: its definition now names another column than the one its entries hold.
      await k.raw('CREATE INDEX doctor_probe_idx ON claims (payer)');
      await k.raw('PRAGMA writable_schema = ON');
      await k.raw(`UPDATE sqlite_master SET sql = 'CREATE INDEX doctor_probe_idx ON claims (billed_at)' WHERE name = 'doctor_probe_idx'`);
      await k.raw('PRAGMA writable_schema = OFF');
    } else {
      await k.transaction(async (trx) => {
        await trx.raw('SET LOCAL session_replication_role = replica');
        await trx('claims').insert({ session_id: 424242, payer: 'Aetna', billed_at: '2026-11-20T10:00:00Z', status: 'submitted' });
      });
      await k.raw(`ALTER TABLE claims ADD CONSTRAINT doctor_probe CHECK (payer <> 'x') NOT VALID`);
    }

    for (const extra of [[], ['--read-only']]) {
      const r = await run(['--db', t.location, '--json', ...extra, 'doctor', '--wal-limit', '0']);
      expect(r.code, r.stderr).toBe(1);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.ok).toBe(false);
      const c = byId(report);
      expect(c.database!.status).toBe('ok');
      expect(c.schema!.status).toBe('ok');
      expect(c.integrity).toMatchObject({ status: 'problem' });
      expect(c.integrity!.details.join('\n')).toMatch(engine === 'sqlite' ? /doctor_probe_idx/ : /doctor_probe on claims was never validated/);
      expect(c['foreign-keys']).toMatchObject({ status: 'problem', summary: '1 row(s) point at rows that do not exist' });
      expect(c['foreign-keys']!.details).toEqual(['1 claims row(s) → missing sessions 424242']);
      expect(c['foreign-keys']!.remedy.join('\n')).toMatch(/sessionctl --db \S+ audit --session 424242/);
      expect(c['audit-chain']).toMatchObject({ status: 'problem', summary: 'hash chain broken: 1 problem(s) (altered) in 1 entries' });
      expect(c['audit-chain']!.remedy.join('\n')).toMatch(/sessionctl --db \S+ audit verify/);
      expect(c.duplicates).toMatchObject({ status: 'problem', summary: '2 group(s) of duplicate sessions waiting (1 to remove), 1 conflict(s)' });
      expect(c.duplicates!.remedy.join('\n')).toMatch(/duplicates --delete --dry-run/);
      expect(c.addenda).toMatchObject({ status: 'problem', summary: '1 addendum owed in WebPT for more than 7 days (oldest 2026-11-17T10:00:00Z)' });
      expect(c.addenda!.remedy.join('\n')).toMatch(/addenda complete 1\b/);
      expect(c['inactive-providers']).toMatchObject({ status: 'problem', summary: '1 session(s) from today on are with inactive providers' });
      expect(c['inactive-providers']!.remedy.join('\n')).toContain(`search --provider ${b.providers[1]} --from today`);
      expect(c.wal!.status).toMatch(engine === 'sqlite' ? /^problem$/ : /^(problem|skipped)$/);
      if (c.wal!.status === 'problem') expect(c.wal!.remedy.length).toBeGreaterThan(0);
    }

    const human = await run(['--db', t.location, 'doctor', '--addenda-days', '30']);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/✔ WebPT addenda\s+none owed for more than 30 days/);
    expect(human.stdout).toMatch(/✖ duplicates\s+2 group\(s\)/);
    expect(human.stdout).toMatch(/→ sessionctl --db \S+ duplicates --delete --dry-run/);
    expect(human.stdout).toMatch(/\d problem\(s\): each is followed by what deals with it/);
  });

  it('says the schema is behind, with the command, and leaves the checks that need it', async () => {
    const [last] = await t.db.knex('knex_migrations').orderBy('id', 'desc').limit(1).select('id');
    await t.db.knex('knex_migrations').where('id', last.id).del();
    const { code, report } = await doctor();
    expect(code).toBe(1);
    const c = byId(report);
    expect(c.schema).toMatchObject({ status: 'problem', remedy: [expect.stringMatching(/^sessionctl --db \S+ db migrate$/)] });
    expect(c.duplicates!.status).toBe('skipped');
    expect(c['foreign-keys']!.status).toBe('ok');
  });
});

describe('doctor without a database', () => {
  it('refuses a bad limit with exit 2', async () => {
    for (const args of [['--wal-limit', 'lots'], ['--addenda-days', '0']]) {
      const r = await run(['--db', 'nowhere.db', 'doctor', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(args[0]!));
    }
  });

  it('says it cannot be opened and what to do, exit 1', async () => {
    const blank = await blankDatabase('sqlite');
    try {
      const r = await run(['--db', blank.location, '--json', 'doctor']);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.checks[0]).toMatchObject({ id: 'database', status: 'problem' });
      expect(report.checks[0]!.remedy.join(' ')).toMatch(/sessionctl db migrate/);
      expect(report.checks.slice(1).every((c) => c.status === 'skipped')).toBe(true);
    } finally {
      await blank.dispose();
    }
  });

  it('masks a password in the location', async () => {
    const r = await run(['--db', 'postgres://clinic:s3cret@127.0.0.1:1/nowhere', '--json', 'doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('s3cret');
    expect(JSON.parse(r.stdout).database.location).toBe('postgres://clinic:***@127.0.0.1:1/nowhere');
  });
});
