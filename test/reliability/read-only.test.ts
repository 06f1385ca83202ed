// Read-only fails closed: SESSIONCTL_READ_ONLY is writable only for an unmistakable "no", and on
// PostgreSQL no statement on the connection can lift read-only (each runs in a READ ONLY transaction).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { runInProcess } from '../helpers/in-process.js';
import { openDatabase, type Db } from '../../src/store/connection.js';

describe.each(ENGINES)('SESSIONCTL_READ_ONLY on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  beforeAll(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
  });
  afterAll(async () => t.dispose());

  const remove = async (value: string) => {
    const id = await makeSession(t.db, base);
    const r = await runInProcess(['--db', t.location, '--yes', '--json', 'delete', String(id)], { SESSIONCTL_READ_ONLY: value });
    return { r, still: await countRows(t.db, 'sessions', { id }) };
  };

  it.each(['Y', '2', 'enabled', 'maybe', '-1', 'tru', 'o n'])('"%s" is exit 2 before anything runs, nothing changed', async (value) => {
    const { r, still } = await remove(value);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SESSIONCTL_READ_ONLY must be/);
    expect(r.stdout).toBe('');
    expect(still).toBe(1);
  });

  it.each(['1', 'true', 'YES', 'On', ' yes '])('"%s" opens read-only: nothing is deleted', async (value) => {
    const { r, still } = await remove(value);
    expect(r.code).not.toBe(0);
    expect(still).toBe(1);
  });

  it.each(['0', 'false', 'No', 'OFF', ''])('"%s" is writable', async (value) => {
    const { r, still } = await remove(value);
    expect(r.code, r.stderr).toBe(0);
    expect(still).toBe(0);
  });
});

describe('read-only on PostgreSQL cannot be lifted on the connection', () => {
  let t: TestDb;
  let ro: Db;
  beforeAll(async () => {
    t = await testDatabase('pg');
    ro = openDatabase(t.location, { readOnly: true });
  });
  afterAll(async () => {
    await ro.close();
    await t.dispose();
  });

  const pid = async (db: Db) => Number(((await db.knex.raw('SELECT pg_backend_pid() AS pid')) as { rows: Array<{ pid: number }> }).rows[0]!.pid);
  const write = (db: Db, key: string) => db.knex('settings').insert({ key, value: 'x' });

  it('SET default_transaction_read_only = off, or SESSION CHARACTERISTICS READ WRITE, then a write: refused', async () => {
    const before = await pid(ro);
    await ro.knex.raw('SET default_transaction_read_only = off');
    await ro.knex.raw('SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE');
    // The same connection (one at a time, so the pool hands back the same one).
    expect(await pid(ro)).toBe(before);
    await expect(write(ro, 'lifted-1')).rejects.toMatchObject({ code: '25006' });
    // Refused either at the SET (25001: "must be set before any query") or at the INSERT (25006).
    const both = await ro.knex.raw(`SET transaction_read_only = off; INSERT INTO settings (key, value) VALUES ('lifted-2', 'x')`).then(
      () => 'written',
      (e: { code?: string }) => e.code,
    );
    expect(['25001', '25006']).toContain(both);
    await expect(
      ro.knex.transaction(async (trx) => {
        await trx.raw('SET TRANSACTION READ WRITE');
        await trx('settings').insert({ key: 'lifted-3', value: 'x' });
      }),
    ).rejects.toThrow(/read-write|read-only/);
    expect(await countRows(t.db, 'settings', {})).toBe(0);
  });

  it('a URL that starts the session lifted (?options=-c default_transaction_read_only=off) is still read-only', async () => {
    const url = new URL(t.location);
    url.searchParams.set('options', '-c default_transaction_read_only=off');
    const db = openDatabase(url.toString(), { readOnly: true });
    try {
      await expect(write(db, 'lifted-4')).rejects.toMatchObject({ code: '25006' });
      // Reads still work.
      expect(await db.knex('settings').count({ n: '*' })).toHaveLength(1);
    } finally {
      await db.close();
    }
  });
});
