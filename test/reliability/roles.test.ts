// Least-privilege roles on PostgreSQL (db roles --apply): the administrators' role cannot alter the
// audit log by any of UPDATE, DELETE, TRUNCATE, ALTER TABLE ... DISABLE TRIGGER or SET
// session_replication_role, yet changes sessions; the support role reads everything and changes nothing.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_URL, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { runInProcess } from '../helpers/in-process.js';

vi.setConfig({ testTimeout: 120_000 });

describe('db roles on PostgreSQL', () => {
  let t: TestDb;
  let schema: string;
  const prefix = `r${randomBytes(4).toString('hex')}`;
  const admin = `${prefix}_admin`;
  const support = `${prefix}_support`;
  let deletable: number;
  let blocked: number;
  let base: BaseIds;

  /** --db for the same schema, connecting as `role` (the test server trusts local logins). */
  const as = (role: string) => {
    const u = new URL(t.location);
    u.username = role;
    return u.toString();
  };

  beforeAll(async () => {
    t = await testDatabase('pg');
    schema = new URL(t.location).searchParams.get('schema')!;
    base = await baseData(t.db);
    deletable = await makeSession(t.db, base, { draftNotes: 1, charges: 1 });
    blocked = await makeSession(t.db, base, { start: '10:00', payments: 1 });
    await makeSession(t.db, base, { start: '11:00' });
    const r = await runInProcess(['--db', t.location, 'db', 'roles', '--prefix', prefix, '--apply']);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => {
    await t.dispose();
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    for (const role of [admin, support, `${prefix}_owner`]) {
      await c.query(`DROP OWNED BY ${role}`).catch(() => {});
      await c.query(`DROP ROLE IF EXISTS ${role}`);
    }
    await c.end();
  });

  it('prints the SQL without --apply, and refuses a SQLite database', async () => {
    const r = await runInProcess(['--db', t.location, 'db', 'roles', '--prefix', prefix]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`GRANT SELECT ON ALL TABLES IN SCHEMA "${schema}" TO "${support}"`));
    expect(r.stdout).toMatch(/REVOKE UPDATE, DELETE ON .*audit_log/);
    const s = await runInProcess(['--db', '/tmp/some.db', 'db', 'roles']);
    expect(s.code).toBe(2);
  });

  it('the administrators\' role changes sessions through sessionctl, and the audit row is written', async () => {
    const r = await runInProcess(['--db', as(admin), '--yes', '--json', 'delete', String(deletable), String(blocked)]);
    expect(r.code, r.stderr).toBe(3);
    expect(await countRows(t.db, 'sessions', { id: deletable })).toBe(0);
    expect(await countRows(t.db, 'audit_log', { session_id: deletable })).toBe(1);
  });

  it.each([
    ['UPDATE', `UPDATE audit_log SET actor = 'someone else'`],
    ['DELETE', 'DELETE FROM audit_log'],
    ['TRUNCATE', 'TRUNCATE audit_log'],
    ['DISABLE TRIGGER', 'ALTER TABLE audit_log DISABLE TRIGGER ALL'],
    ['session_replication_role', `SET session_replication_role = replica`],
    ['DROP TRIGGER', 'DROP TRIGGER audit_log_no_update ON audit_log'],
    ['setval on its sequence', `SELECT setval(pg_get_serial_sequence('audit_log', 'id'), 1)`],
  ])('the administrators\' role is refused %s on the audit log', async (_what, sql) => {
    const c = new pg.Client({ connectionString: PG_URL.replace('//postgres@', `//${admin}@`) });
    await c.connect();
    try {
      await c.query(`SET search_path TO ${schema}`);
      const before = await c.query('SELECT count(*) AS n, max(actor) AS a FROM audit_log');
      await expect(c.query(sql)).rejects.toThrow(/permission denied|must be owner/);
      const after = await c.query('SELECT count(*) AS n, max(actor) AS a FROM audit_log');
      expect(after.rows).toEqual(before.rows);
    } finally {
      await c.end();
    }
  });

  it('the support role runs every listing, explain and audit', async () => {
    const runs = [
      ['dashboard', '--date', '2026-11-27'],
      ['search', '--patient', 'Ada'],
      ['confirm-schedule', '--to', '2026-11-30'],
      ['calendar', '--month', '2026-11'],
      ['duplicates'],
      ['explain', String(blocked)],
      ['audit'],
      ['audit', 'show', '1'],
      ['classes', 'list'],
      ['payments', 'list', String(blocked)],
      ['addenda'],
      ['report', 'cancellations'],
      ['settings', 'get'],
      ['db', 'status'],
    ];
    for (const args of runs) {
      const r = await runInProcess(['--db', as(support), '--json', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });

  it('the support role changes nothing', async () => {
    const id = String(await makeSession(t.db, base, { start: '12:00' }));
    const r = await runInProcess(['--db', as(support), '--yes', '--json', 'delete', id]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/permission denied/i);
    expect(await countRows(t.db, 'sessions', { id })).toBe(1);
  });
});
