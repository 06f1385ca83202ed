// Choosing the database: a PostgreSQL ?schema= that does not exist yet is created by db migrate (or
// the message says exactly what to run); an unsupported URL scheme is a usage error naming the
// supported ones. (A SQLite path in a missing folder: files.test.ts.)
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_URL } from '../helpers/engines.js';
import { runInProcess } from '../helpers/in-process.js';

const schema = `new_${randomBytes(4).toString('hex')}`;
const role = `nocreate_${randomBytes(4).toString('hex')}`;

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  await admin(async (c) => {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.query(`DROP SCHEMA IF EXISTS ${schema}_x CASCADE`);
    await c.query(`DROP ROLE IF EXISTS ${role}`);
  });
});

describe('db migrate on a PostgreSQL ?schema= that does not exist', () => {
  it('creates it, migrates it, and the other commands then work in it', async () => {
    const url = new URL(PG_URL);
    url.searchParams.set('schema', schema);
    const r = await runInProcess(['--db', url.toString(), 'db', 'migrate']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Created the schema "${schema}"`);
    const tables = await admin((c) => c.query('SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, 'sessions']));
    expect(Number(tables.rows[0].n)).toBe(1);
    expect((await runInProcess(['--db', url.toString(), '--json', 'dashboard'])).code).toBe(0);
  });

  it('without the right to create it, says exactly what to run (exit 1), and creates nothing', async () => {
    await admin((c) => c.query(`CREATE ROLE ${role} LOGIN`));
    const url = new URL(PG_URL);
    url.username = role;
    url.searchParams.set('schema', `${schema}_x`);
    const r = await runInProcess(['--db', url.toString(), 'db', 'migrate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`CREATE SCHEMA "${schema}_x" AUTHORIZATION`));
    const found = await admin((c) => c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [`${schema}_x`]));
    expect(found.rows).toHaveLength(0);
  });
});

describe('an unsupported URL scheme', () => {
  it.each(['mysql://root@db.example/clinic', 'sqlserver://db.example/clinic', 'http://example.com/x.db'])('%s is exit 2 naming the supported ones, and creates no file', async (db) => {
    const r = await runInProcess(['--db', db, 'db', 'migrate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not supported/);
    expect(r.stderr).toMatch(/SQLite file path.*postgres:\/\//);
  });
});
