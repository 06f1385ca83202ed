// One refusal never aborts the others: a session whose blockers appear or change between the re-check
// and the delete is refused with its reason code after a fresh look, and the rest of its batch is
// deleted. The other program is a plain pg client; the test waits (by pg_blocking_pids, never by a
// clock) until sessionctl is blocked behind it before it commits, so each race happens every time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { ENGINES, PG_URL, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { runInProcess } from '../helpers/in-process.js';

vi.setConfig({ testTimeout: 120_000 });

interface Result {
  id: number;
  outcome: string;
  reasons: Array<{ code: string }>;
}

/** Another program's connection to the test schema. */
async function otherProgram(t: TestDb): Promise<pg.Client> {
  const schema = new URL(t.location).searchParams.get('schema')!;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`SET search_path TO ${schema}`);
  return c;
}

/**
 * Resolves once some backend waits for a lock that `other` holds. Asked on a connection of its own:
 * inside `other`'s transaction pg_stat_activity would stay as it was at its first reading.
 */
async function blockedBehind(other: pg.Client): Promise<void> {
  const pid = (other as unknown as { processID: number }).processID;
  const watcher = new pg.Client({ connectionString: PG_URL });
  await watcher.connect();
  try {
    for (;;) {
      const r = await watcher.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]);
      if (Number(r.rows[0]!.n) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await watcher.end();
  }
}

describe('on PostgreSQL, another program changes a session while a batch deletes it', () => {
  let t: TestDb;
  let base: BaseIds;
  let other: pg.Client;
  beforeEach(async () => {
    t = await testDatabase('pg');
    base = await baseData(t.db);
    other = await otherProgram(t);
  });
  afterEach(async () => {
    await other.end();
    await t.dispose();
  });

  async function sixtySessions(): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) {
      ids.push(await makeSession(t.db, base, { start: `${String(7 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}`, draftNotes: 1, charges: 1 }));
    }
    return ids;
  }

  it('delete <60 ids> while a draft note is finalized: that session refused (FINALIZED_NOTE), 59 deleted, exit 3', async () => {
    const ids = await sixtySessions();
    const victim = ids[29]!;
    await other.query('BEGIN');
    await other.query(`UPDATE notes SET status = 'finalized', finalized_at = '2026-11-27T12:00:00Z' WHERE session_id = $1`, [victim]);
    const run = runInProcess(['--db', t.location, '--yes', '--json', 'delete', ...ids.map(String)]);
    await blockedBehind(other);
    await other.query('COMMIT');
    const r = await run;
    expect(r.code, r.stderr).toBe(3);
    const results = (JSON.parse(r.stdout) as { results: Result[] }).results;
    expect(results.filter((x) => x.outcome === 'deleted')).toHaveLength(59);
    const refused = results.find((x) => x.id === victim)!;
    expect(refused.outcome).toBe('blocked');
    expect(refused.reasons.map((x) => x.code)).toEqual(['FINALIZED_NOTE']);
    expect(await countRows(t.db, 'sessions', { id: victim })).toBe(1);
    expect(await countRows(t.db, 'notes', { session_id: victim, status: 'finalized' })).toBe(1);
    expect(await countRows(t.db, 'audit_log', { action: 'session.delete' })).toBe(59);
  });

  it('duplicates --delete while a copy\'s draft note is finalized: that copy refused, the other groups cleaned, exit 3', async () => {
    const copies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const start = `${String(7 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}`;
      await makeSession(t.db, base, { start, charges: 3 });
      copies.push(await makeSession(t.db, base, { start, draftNotes: 1 }));
    }
    const victim = copies[12]!;
    await other.query('BEGIN');
    await other.query(`UPDATE notes SET status = 'finalized', finalized_at = '2026-11-27T12:00:00Z' WHERE session_id = $1`, [victim]);
    const run = runInProcess(['--db', t.location, '--yes', '--json', 'duplicates', '--delete']);
    await blockedBehind(other);
    await other.query('COMMIT');
    const r = await run;
    expect(r.code, r.stderr).toBe(3);
    expect(await countRows(t.db, 'sessions', { id: victim })).toBe(1);
    for (const id of copies.filter((c) => c !== victim)) expect(await countRows(t.db, 'sessions', { id })).toBe(0);
    expect(await countRows(t.db, 'audit_log', { action: 'session.delete' })).toBe(29);
  });

  it('the deadlock variant: a note finalized, then a payment posted on the same session; retried, refused, exit 3', async () => {
    const ids = await sixtySessions();
    const victim = ids[41]!;
    // This program waits long before looking for deadlocks, so that sessionctl is the one chosen to
    // give way (the harder case: it must run its transaction again).
    await other.query(`SET deadlock_timeout = '60s'`);
    await other.query('BEGIN');
    await other.query(`UPDATE notes SET status = 'finalized', finalized_at = '2026-11-27T12:00:00Z' WHERE session_id = $1`, [victim]);
    const run = runInProcess(['--db', t.location, '--yes', '--json', 'delete', ...ids.map(String)]);
    await blockedBehind(other);
    // Needs the session row that sessionctl holds, while sessionctl waits for the note: a deadlock.
    await other.query(`INSERT INTO payments (session_id, amount_cents, method, posted_at) VALUES ($1, 2500, 'card', '2026-11-27T12:00:00Z')`, [victim]);
    await other.query('COMMIT');
    const r = await run;
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).not.toMatch(/deadlock/i);
    const results = (JSON.parse(r.stdout) as { results: Result[] }).results;
    expect(results.filter((x) => x.outcome === 'deleted')).toHaveLength(59);
    expect(results.find((x) => x.id === victim)!.reasons.map((x) => x.code).sort()).toEqual(['FINALIZED_NOTE', 'PAYMENTS_POSTED']);
    expect(await countRows(t.db, 'payments', { session_id: victim })).toBe(1);
    expect(await countRows(t.db, 'audit_log', { action: 'session.delete' })).toBe(59);
  });
});

describe.each(ENGINES)('a foreign key the rules do not know of, on %s', (engine) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDatabase(engine);
  });
  afterEach(async () => t.dispose());

  it('refuses that session (STILL_REFERENCED) and deletes the rest of its batch, exit 3', async () => {
    const base = await baseData(t.db);
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push(await makeSession(t.db, base, { start: `09:0${i}`, draftNotes: 1, charges: 1 }));
    // A table of the practice system's own, pointing at one session.
    await t.db.knex.schema.createTable('practice_letters', (tb) => {
      tb.increments('id');
      tb.integer('session_id').notNullable().references('id').inTable('sessions');
    });
    await t.db.knex('practice_letters').insert({ session_id: ids[4] });
    const r = await runInProcess(['--db', t.location, '--yes', '--json', 'delete', ...ids.map(String)]);
    expect(r.code, r.stderr).toBe(3);
    const results = (JSON.parse(r.stdout) as { results: Result[] }).results;
    expect(results.find((x) => x.id === ids[4])).toMatchObject({ outcome: 'blocked', reasons: [{ code: 'STILL_REFERENCED' }] });
    expect(results.filter((x) => x.outcome === 'deleted')).toHaveLength(9);
    expect(await countRows(t.db, 'sessions')).toBe(1);
    // The refused session keeps its notes and charges, and has no audit row.
    expect(await countRows(t.db, 'notes', { session_id: ids[4] })).toBe(1);
    expect(await countRows(t.db, 'charges', { session_id: ids[4] })).toBe(1);
    expect(await countRows(t.db, 'audit_log', { action: 'session.delete' })).toBe(9);
  });
});
