// The harness's shared PostgreSQL connections (test/helpers/kept-connections.ts): what the runs of a
// test borrow must be what the CLI would have opened, above all a read-only run must never get the
// read-write connection, and nothing outlives the test's schema.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase, type TestDb } from '../helpers/engines.js';
import { closeKept, keepConnectionsOf, openKept } from '../helpers/kept-connections.js';
import { run } from '../helpers/harness.js';

describe('connections kept for a test schema (PostgreSQL)', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDatabase('pg');
  });
  afterEach(async () => t.dispose());

  it('read-write runs borrow the test database; read-only runs get a read-only connection of their own', async () => {
    const rw = openKept(t.location, { readOnly: false });
    expect(rw.knex).toBe(t.db.knex);
    const ro = openKept(t.location, { readOnly: true });
    expect(ro.knex).not.toBe(t.db.knex);
    expect(openKept(t.location, { readOnly: true }).knex).toBe(ro.knex);
    const [{ transaction_read_only: mode }] = (await ro.knex.raw('SHOW transaction_read_only')).rows;
    expect(mode).toBe('on');
    await expect(ro.knex.raw('CREATE TABLE not_allowed (x int)')).rejects.toThrow(/read-only transaction/);
    // A run's close leaves the connection to the next run.
    await ro.close();
    expect((await ro.knex.raw('SELECT 1 AS one')).rows[0].one).toBe(1);
  });

  it('runs through the harness, read-only between read-write: the read-only connection still refuses writes, the read-write run writes', async () => {
    expect((await run(['--db', t.location, 'db', 'status'])).code).toBe(0);
    const ro = openKept(t.location, { readOnly: true });
    expect((await run(['--db', t.location, '--read-only', '--json', 'db', 'status'])).code).toBe(0);
    await expect(ro.knex('settings').insert({ key: 'x', value: 'y' })).rejects.toThrow(/read-only transaction/);
    expect((await run(['--db', t.location, '--yes', 'settings', 'set', 'integration_mode', 'webpt'])).code).toBe(0);
    expect(await t.db.knex('settings').where({ key: 'integration_mode' }).first('value')).toEqual({ value: 'webpt' });
  });

  it('a location kept twice stays kept until both let go; then runs connect anew', async () => {
    const other = `${t.location}&application_name=kept-twice`;
    keepConnectionsOf(other);
    keepConnectionsOf(other);
    const first = openKept(other, {});
    await closeKept(other);
    expect(openKept(other, {}).knex).toBe(first.knex);
    await closeKept(other);
    const fresh = openKept(other, {});
    expect(fresh.knex).not.toBe(first.knex);
    await fresh.close();
  });
});
