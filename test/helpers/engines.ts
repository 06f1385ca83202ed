// Each test gets a database of its own on each engine: a temporary SQLite file, or a fresh
// PostgreSQL schema, so runs and files never interfere.
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Db } from '../../src/store/connection.js';
import { migrate } from '../../src/store/schema.js';
import type { Engine } from '../../src/domain/types.js';

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
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  const location = url.toString();
  return {
    engine,
    location,
    open: open(location),
    async dispose() {
      await Promise.allSettled(opened.map((d) => d.close()));
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
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

/** A migrated database on the engine, open. */
export async function testDatabase(engine: Engine): Promise<TestDb> {
  const blank = await blankDatabase(engine);
  if (engine === 'sqlite') {
    copyFileSync(await migratedSqliteTemplate(), blank.location);
    chmodSync(blank.location, 0o600);
    return { ...blank, db: blank.open() };
  }
  const db = blank.open();
  await migrate(db);
  return { ...blank, db };
}
