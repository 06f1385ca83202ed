// Ctrl-C in a bulk delete: the batch in flight commits, no new one starts, and the run reports what
// it committed (JSON results with --json) before exiting 130. On PostgreSQL the second batch is held
// behind another program's row lock, so the signal always arrives while it runs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { PG_URL, testDatabase, type TestDb } from '../helpers/engines.js';
import { countRows } from '../helpers/fixtures.js';
import { runInProcess } from '../helpers/in-process.js';
import { insertSeed } from '../../src/store/seed.js';

vi.setConfig({ testTimeout: 120_000 });

describe('SIGINT during delete of 1,200 ids on PostgreSQL', () => {
  let t: TestDb;
  let other: pg.Client;
  beforeEach(async () => {
    t = await testDatabase('pg');
    other = new pg.Client({ connectionString: PG_URL });
    await other.connect();
    await other.query(`SET search_path TO ${new URL(t.location).searchParams.get('schema')!}`);
  });
  afterEach(async () => {
    await other.end();
    await t.dispose();
  });

  it('reports the 1,000 committed in two batches, JSON and all, then exits 130', async () => {
    const ids = Array.from({ length: 1200 }, (_, i) => i + 1);
    await insertSeed(t.db, {
      patients: [{ id: 1, first_name: 'Ada', last_name: 'Lovelace' }],
      providers: [{ id: 1, name: 'Dr. Rivera', active: true }],
      sessions: ids.map((id) => ({
        id, patient_id: 1, provider_id: 1, scheduled_date: '2026-12-01', start_time: `${String(7 + (id % 10)).padStart(2, '0')}:${String(id % 60).padStart(2, '0')}`,
        duration_minutes: 30, status: 'scheduled', created_at: '2026-11-01T00:00:00Z',
      })),
    });
    // Another program holds a session of the second batch (ids 501-1000).
    await other.query('BEGIN');
    await other.query('SELECT id FROM sessions WHERE id = 700 FOR UPDATE');
    const run = runInProcess(['--db', t.location, '--yes', '--json', 'delete', ...ids.map(String)]);
    const pid = (other as unknown as { processID: number }).processID;
    const watcher = new pg.Client({ connectionString: PG_URL });
    await watcher.connect();
    for (;;) {
      const r = await watcher.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]);
      if (Number(r.rows[0]!.n) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await watcher.end();
    process.emit('SIGINT');
    await other.query('COMMIT');
    const r = await run;
    expect(r.code, r.stderr).toBe(130);
    const doc = JSON.parse(r.stdout) as { results: Array<{ outcome: string }>; interrupted: boolean; notAttempted: number };
    expect(doc.interrupted).toBe(true);
    expect(doc.results).toHaveLength(1000);
    expect(doc.results.every((x) => x.outcome === 'deleted')).toBe(true);
    expect(doc.notAttempted).toBe(200);
    expect(r.stderr).toMatch(/Interrupted: 1000 session\(s\) processed and committed; 200 not attempted/);
    expect(await countRows(t.db, 'sessions')).toBe(200);
    expect(await countRows(t.db, 'audit_log')).toBe(1000);
  });
});
