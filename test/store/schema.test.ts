// The schema as another program sees it: raw SQL in, the store's objects out; and the guards
// that the database enforces on its own, whoever connects.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { ENGINES, blankDatabase, testDatabase, type TestDb } from '../helpers/engines.js';
import { listSessions, loadSessions } from '../../src/store/sessions.js';
import { ruleContext } from '../../src/store/settings.js';
import { listClasses } from '../../src/store/classes.js';
import { migrate, schemaStatus } from '../../src/store/schema.js';
import type { Db } from '../../src/store/connection.js';
import { dayIn, machineZone } from '../../src/domain/days.js';

describe.each(ENGINES)('schema on %s', (engine) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDatabase(engine);
  });
  afterEach(async () => t.dispose());

  it('takes rows written with plain SQL into every table and reads them back through the store', async () => {
    const k = t.db.knex;
    const ins = (sql: string, b: Array<string | number | boolean> = []) => k.raw(sql, b);
    await ins(`INSERT INTO settings (key, value) VALUES ('integration_mode', 'webpt')`);
    await ins(`INSERT INTO locations (id, name) VALUES (7, 'Harbor Clinic')`);
    await ins(`INSERT INTO providers (id, name, active) VALUES (3, 'Dr. Tan', ?)`, [true]);
    await ins(`INSERT INTO patients (id, first_name, last_name, date_of_birth, chart_number) VALUES (5, 'Zoë', 'Núñez', '1975-03-04', 'C-77')`);
    await ins(`INSERT INTO session_classes (id, name, is_cancellation, active) VALUES (2, 'No Show', ?, ?)`, [true, true]);
    await ins(`INSERT INTO sessions (id, patient_id, provider_id, location_id, scheduled_date, start_time, duration_minutes, status, session_class_id, confirmed_at, cancelled_at, created_at)
               VALUES (11, 5, 3, 7, '2026-11-27', '14:30', 45, 'confirmed', NULL, '2026-11-27T15:20:00Z', NULL, '2026-11-20T09:00:00Z')`);
    await ins(`INSERT INTO claims (session_id, payer, billed_at, status) VALUES (11, 'Medicare', '2026-11-28T10:00:00Z', 'voided')`);
    await ins(`INSERT INTO charges (session_id, cpt_code, units, amount_cents) VALUES (11, '97110', 2, 7000), (11, '97140', 1, 3200)`);
    await ins(`INSERT INTO payments (session_id, amount_cents, method, posted_at) VALUES (11, 2500, 'card', '2026-11-27T16:00:00Z')`);
    await ins(`INSERT INTO adjustments (session_id, amount_cents, reason, posted_at) VALUES (11, -500, 'courtesy', '2026-11-27T16:05:00Z')`);
    await ins(`INSERT INTO notes (session_id, status, finalized_at) VALUES (11, 'finalized', '2026-11-27T18:00:00Z'), (11, 'draft', NULL), (11, 'draft', NULL)`);
    await ins(`INSERT INTO audit_log (at, actor, action, session_id, detail) VALUES ('2026-11-27T18:00:00Z', 'someone', 'imported', 999, '{}')`);
    await ins(`INSERT INTO addenda (session_id, patient_id, scheduled_date, created_at) VALUES (999, 5, '2026-11-26', '2026-11-27T18:00:00Z')`);

    const [s] = await listSessions(t.db, { date: '2026-11-27' });
    expect(s).toEqual({
      id: 11,
      date: '2026-11-27',
      start: '14:30',
      durationMinutes: 45,
      status: 'confirmed',
      patient: { id: 5, name: 'Zoë Núñez', chartNumber: 'C-77' },
      provider: { id: 3, name: 'Dr. Tan' },
      location: { id: 7, name: 'Harbor Clinic' },
      sessionClass: null,
      confirmedAt: '2026-11-27T15:20:00Z',
      cancelledAt: null,
      createdAt: '2026-11-20T09:00:00Z',
      facts: { claims: 1, payments: 1, adjustments: 1, finalizedNotes: 1, draftNotes: 2, charges: 2 },
      twins: [],
    });
    expect(await ruleContext(t.db, t.db.knex, new Date('2026-11-27T12:00:00Z'))).toEqual({
      integrationMode: 'webpt',
      readOnly: false,
      cancellationClassAvailable: true,
      today: dayIn(machineZone(), new Date('2026-11-27T12:00:00Z')),
    });
    expect(await listClasses(k)).toEqual([{ id: 2, name: 'No Show', isCancellation: true, active: true }]);
  });

  it('loads the facts of many sessions in one query, missing ids left out', async () => {
    const k = t.db.knex;
    await k('providers').insert({ id: 1, name: 'P', active: true });
    await k('patients').insert({ id: 1, first_name: 'A', last_name: 'B' });
    const rows = Array.from({ length: 1500 }, (_, i) => ({
      id: i + 1, patient_id: 1, provider_id: 1, scheduled_date: '2026-01-02', start_time: '09:00', duration_minutes: 30, status: 'scheduled', created_at: '2026-01-01T00:00:00Z',
    }));
    await k.batchInsert('sessions', rows, 400);
    await k.batchInsert('payments', rows.filter((r) => r.id % 3 === 0).map((r) => ({ session_id: r.id, amount_cents: 1, method: 'cash', posted_at: 'x' })), 400);
    const queries: string[] = [];
    const listener = (q: { sql: string }) => queries.push(q.sql);
    k.on('query', listener);
    const ids = [...rows.map((r) => r.id), 999999];
    const map = await loadSessions(t.db, ids);
    k.off('query', listener);
    expect(queries).toHaveLength(1);
    expect(map.size).toBe(1500);
    expect(map.has(999999)).toBe(false);
    expect(map.get(3)!.facts.payments).toBe(1);
    expect(map.get(4)!.facts.payments).toBe(0);
  });

  it('refuses, by itself, to delete a session that has a payment, a claim or a note', async () => {
    const k = t.db.knex;
    await k('providers').insert({ id: 1, name: 'P', active: true });
    await k('patients').insert({ id: 1, first_name: 'A', last_name: 'B' });
    const session = (id: number) => ({ id, patient_id: 1, provider_id: 1, scheduled_date: '2026-01-02', start_time: '09:00', duration_minutes: 30, status: 'scheduled', created_at: 'x' });
    await k('sessions').insert([session(1), session(2), session(3), session(4), session(5)]);
    await k('payments').insert({ session_id: 1, amount_cents: 1, method: 'cash', posted_at: 'x' });
    await k('claims').insert({ session_id: 2, payer: 'X', billed_at: 'x', status: 'submitted' });
    await k('notes').insert({ session_id: 3, status: 'draft' });
    await k('adjustments').insert({ session_id: 4, amount_cents: 1, reason: 'r', posted_at: 'x' });
    for (const id of [1, 2, 3, 4]) {
      await expect(k('sessions').where({ id }).delete(), `session ${id}`).rejects.toThrow(/foreign key|violates/i);
    }
    await expect(k('sessions').where({ id: 5 }).delete()).resolves.toBe(1);
  });

  it('refuses to change or delete an audit row', async () => {
    const k = t.db.knex;
    await k('audit_log').insert({ at: 'x', actor: 'a', action: 'test', session_id: null, detail: '{}' });
    await expect(k('audit_log').update({ actor: 'b' })).rejects.toThrow(/append-only/);
    await expect(k('audit_log').delete()).rejects.toThrow(/append-only/);
    if (engine === 'pg') await expect(k.raw('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await k('audit_log').select('actor')).map((r) => r.actor)).toEqual(['a']);
  });

  it('refuses values outside the enumerations and malformed dates', async () => {
    const k = t.db.knex;
    await k('providers').insert({ id: 1, name: 'P', active: true });
    await k('patients').insert({ id: 1, first_name: 'A', last_name: 'B' });
    const ok = { patient_id: 1, provider_id: 1, scheduled_date: '2026-01-02', start_time: '09:00', duration_minutes: 30, status: 'scheduled', created_at: 'x' };
    await expect(k('sessions').insert({ ...ok, status: 'deleted' })).rejects.toThrow();
    await expect(k('sessions').insert({ ...ok, scheduled_date: '02/01/2026' })).rejects.toThrow();
    await expect(k('sessions').insert({ ...ok, start_time: '9am' })).rejects.toThrow();
    await expect(k('notes').insert({ session_id: 1, status: 'signed' })).rejects.toThrow();
    await expect(k('sessions').insert(ok)).resolves.toBeDefined();
  });

  it('reports where the schema stands, and migrating twice changes nothing', async () => {
    expect((await schemaStatus(t.db)).state).toBe('current');
    expect(await migrate(t.db)).toEqual([]);
    await t.db.knex('knex_migrations').insert({ name: '29990101000000_future', batch: 9, migration_time: new Date() });
    expect((await schemaStatus(t.db)).state).toBe('newer');
    await expect(migrate(t.db)).rejects.toThrow(/newer sessionctl/);
  });
});

/** What a schema holds, its own name taken out: definitions, grants, sequences and rows. */
async function schemaSignature(db: Db): Promise<unknown[]> {
  const k = db.knex;
  const all = async (sql: string) => (db.engine === 'pg' ? ((await k.raw(sql)) as { rows: unknown[] }).rows : ((await k.raw(sql)) as unknown[]));
  const tables =
    db.engine === 'pg'
      ? ((await all(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`)) as Array<{ name: string }>)
      : ((await all(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1`)) as Array<{ name: string }>);
  const rows = [];
  for (const { name } of tables) {
    const sample = (await k(name).select('*')) as Array<Record<string, unknown>>;
    // When each migration ran is the one thing that differs between two runs of them.
    rows.push([name, sample.map((r) => (name === 'knex_migrations' ? r.name : name === 'knex_migrations_lock' ? r.is_locked : r))]);
  }
  if (db.engine === 'sqlite') return [await all(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name`), rows];
  const named = (sql: string) => all(sql.replaceAll('$S', `current_schema()`));
  return [
    rows,
    await named(`SELECT table_name, column_name, data_type, is_nullable, replace(column_default, $S, 'S') AS d FROM information_schema.columns WHERE table_schema = $S ORDER BY 1, 2`),
    await named(`SELECT indexname, replace(indexdef, $S, 'S') AS d FROM pg_indexes WHERE schemaname = $S ORDER BY 1`),
    await named(`SELECT c.relname, t.tgname, t.tgenabled, replace(pg_get_triggerdef(t.oid), $S, 'S') AS d FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $S AND NOT t.tgisinternal ORDER BY 1, 2`),
    await named(`SELECT p.proname, replace(pg_get_functiondef(p.oid), $S, 'S') AS d FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $S ORDER BY 1`),
    // A CHECK read back from pg_dump's text casts each value where the original cast the array
    // (the same test): its casts and parentheses are left out of the comparison.
    ((await named(`SELECT c.conname, replace(pg_get_constraintdef(c.oid), $S, 'S') AS d FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $S ORDER BY 1`)) as Array<{ conname: string; d: string }>).map(
      (c) => [c.conname, c.d.replace(/::[a-z ]+(\[\])?/g, '').replace(/[()]/g, '')],
    ),
    await named(`SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = $S ORDER BY 1`),
    await named(`SELECT table_name, grantee, privilege_type FROM information_schema.table_privileges WHERE table_schema = $S ORDER BY 1, 2, 3`),
  ];
}

describe.each(ENGINES)('the test databases on %s', (engine) => {
  it('each test starts from a copy of one migrated database: the same definitions, grants and rows as migrating gives', async () => {
    const copied = await testDatabase(engine);
    const blank = await blankDatabase(engine);
    try {
      const migrated = blank.open();
      await migrate(migrated);
      const signature = await schemaSignature(migrated);
      expect(JSON.stringify(signature)).toContain('audit_log');
      expect(await schemaSignature(copied.db)).toEqual(signature);
    } finally {
      // Dropped even when the comparison fails, so that no schema is left behind.
      await copied.dispose();
      await blank.dispose();
    }
  });
});

describe('SQLite files', () => {
  it('are created private to their owner (0600)', async () => {
    const blank = await blankDatabase('sqlite');
    const db = blank.open();
    await migrate(db);
    expect(statSync(blank.location).mode & 0o777).toBe(0o600);
    await blank.dispose();
  });

  it('opened read-only refuse every write at the connection', async () => {
    const t = await testDatabase('sqlite');
    const ro = t.open({ readOnly: true });
    await expect(ro.knex('locations').insert({ name: 'X' })).rejects.toThrow(/readonly|read-only/i);
    await t.dispose();
  });
});

describe('PostgreSQL opened read-only', () => {
  it('refuses every write at the connection', async () => {
    const t = await testDatabase('pg');
    const ro = t.open({ readOnly: true });
    await expect(ro.knex('locations').insert({ name: 'X' })).rejects.toThrow(/read-only/i);
    expect(Number((await t.db.knex('locations').count({ n: '*' }))[0]!.n)).toBe(0);
    await t.dispose();
  });
});
