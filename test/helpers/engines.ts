// Each test gets a database of its own on each engine: a temporary SQLite file, or a fresh
// PostgreSQL schema, so runs and files never interfere.
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { openDatabase, type Db } from '../../src/store/connection.js';
import { migrate } from '../../src/store/schema.js';
import type { Engine } from '../../src/domain/types.js';
import { closeKept, keepConnectionsOf, lendToRuns } from './kept-connections.js';

const execFileAsync = promisify(execFile);

export const PG_URL = process.env.SESSIONCTL_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export const ENGINES: readonly Engine[] = ['sqlite', 'pg'];

export interface TestDb {
  engine: Engine;
  /** What --db takes to reach this database. */
  location: string;
  /** Opens a new connection; closed by dispose(). */
  open(opts?: { readOnly?: boolean }): Db;
  /** A migrated, open connection. */
  db: Db;
  dispose(): Promise<void>;
}

/** A fresh, empty place for a database: nothing created yet. */
export async function blankDatabase(engine: Engine): Promise<Omit<TestDb, 'db'>> {
  const opened: Db[] = [];
  const open = (location: string) => (opts?: { readOnly?: boolean }) => {
    const db = openDatabase(location, { readOnly: opts?.readOnly, create: !opts?.readOnly });
    opened.push(db);
    return db;
  };
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sessionctl-test-'));
    const location = join(dir, 'test.db');
    return {
      engine,
      location,
      open: open(location),
      async dispose() {
        await Promise.allSettled(opened.map((d) => d.close()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await (await adminClient()).query(`CREATE SCHEMA ${schema}`);
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  const location = url.toString();
  keepConnectionsOf(location);
  return {
    engine,
    location,
    open: open(location),
    async dispose() {
      await Promise.allSettled(opened.map((d) => d.close()));
      await closeKept(location);
      await (await adminClient()).query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

/**
 * One connection per test process that creates and drops the tests' schemas: a new PostgreSQL
 * connection costs its server about 20 ms of CPU here, and a run makes a few hundred schemas.
 */
let admin: Promise<pg.Client> | null = null;
function adminClient(): Promise<pg.Client> {
  admin ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    // A connection the server ended is replaced at the next use; the test that used it fails on its own.
    client.on('error', () => {
      admin = null;
    });
    await client.connect();
    return client;
  })();
  admin.catch(() => {
    admin = null;
  });
  return admin;
}

/**
 * One SQLite database migrated by this test process, closed (so its write-ahead log is folded in):
 * each SQLite test starts from a private copy of it, which costs a file copy instead of a migration.
 */
let sqliteTemplate: Promise<string> | null = null;
function migratedSqliteTemplate(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sessionctl-template-'));
    const location = join(dir, 'template.db');
    const db = openDatabase(location, { create: true });
    await migrate(db);
    await db.close();
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return location;
  })();
  return sqliteTemplate;
}

/**
 * The same for PostgreSQL: one schema migrated by this test process, as pg_dump writes it (tables,
 * indexes, functions, triggers, grants and rows, knex's migration records among them), its name a
 * placeholder. Replaying that script costs the server half the CPU of migrating (60 ms against
 * 120 ms here) and spares knex's look-ups. Without pg_dump, each test's schema is migrated.
 */
const PLACEHOLDER = 't_template_schema';
let pgTemplate: Promise<string | null> | null = null;
function migratedPgScript(): Promise<string | null> {
  pgTemplate ??= (async () => {
    const name = `t_template_${randomBytes(4).toString('hex')}`;
    await (await adminClient()).query(`CREATE SCHEMA ${name}`);
    try {
      const url = new URL(PG_URL);
      url.searchParams.set('schema', name);
      const db = openDatabase(url.toString(), { create: true });
      await migrate(db);
      await db.close();
      const { stdout } = await execFileAsync('pg_dump', ['--dbname', PG_URL, '--schema', name, '--no-owner', '--inserts'], { maxBuffer: 64 << 20 });
      return (
        stdout
          // psql's own commands (\restrict), and the CREATE SCHEMA that blankDatabase has done.
          .replace(/^\\.*$/gm, '')
          .replace(new RegExp(`^CREATE SCHEMA ${name};$`, 'm'), '')
          .split(name)
          .join(PLACEHOLDER)
      );
    } catch {
      return null;
    } finally {
      await (await adminClient()).query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    }
  })();
  return pgTemplate;
}

/** A migrated database on the engine, open. */
export async function testDatabase(engine: Engine): Promise<TestDb> {
  const blank = await blankDatabase(engine);
  if (engine === 'sqlite') {
    copyFileSync(await migratedSqliteTemplate(), blank.location);
    chmodSync(blank.location, 0o600);
    return { ...blank, db: blank.open() };
  }
  const script = await migratedPgScript();
  if (script !== null) {
    const schema = new URL(blank.location).searchParams.get('schema') as string;
    const client = await adminClient();
    try {
      await client.query(`BEGIN;\n${script.split(PLACEHOLDER).join(schema)}\nCOMMIT;`);
    } catch (err) {
      // The shared connection must not stay in the failed transaction for the next test.
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
  const db = blank.open();
  if (script === null) await migrate(db);
  lendToRuns(blank.location, db);
  return { ...blank, db };
}
