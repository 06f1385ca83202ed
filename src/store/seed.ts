// Bulk loading of generated rows (the demo, tests, the benchmark): plain inserts, one transaction.
import type { Db } from './connection.js';
import { rowsPerInsert } from './changes.js';
import { PRACTICE_TABLES } from './tables.js';

export type Rows = Record<string, unknown>[];

/** Tables in the order their foreign keys need. */
export const SEED_ORDER = PRACTICE_TABLES;
export type SeedTable = (typeof SEED_ORDER)[number];
export type SeedData = Partial<Record<SeedTable, Rows>>;

export async function insertSeed(db: Db, data: SeedData): Promise<void> {
  await db.knex.transaction(async (trx) => {
    for (const table of SEED_ORDER) {
      const rows = data[table];
      if (!rows || rows.length === 0) continue;
      const columns = Object.keys(rows[0] as object).length;
      await trx.batchInsert(table, rows, rowsPerInsert(columns));
    }
    // Explicit ids leave PostgreSQL's sequences behind; move them past the rows just written.
    if (db.engine === 'pg') {
      for (const table of SEED_ORDER) {
        if (!data[table]?.length) continue;
        await trx.raw(
          `SELECT setval(pg_get_serial_sequence(?, 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM ??), 1))`,
          [table, table],
        );
      }
    }
  });
}

/** Whether this database was made by `sessionctl demo` (so that demo may replace it). */
export async function isDemoDatabase(db: Db): Promise<boolean> {
  if (!(await db.knex.schema.hasTable('settings'))) return false;
  const row = await db.knex('settings').where({ key: 'demo_database' }).first('value');
  return row !== undefined;
}

/** A database with no tables at all: safe to fill. */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
  if (db.engine === 'sqlite') {
    const row = await db.knex.raw(`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'`);
    return Number((row as Array<{ n: number }>)[0]?.n ?? 0) === 0;
  }
  const res = await db.knex.raw(`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()`);
  return Number((res as { rows: Array<{ n: string }> }).rows[0]?.n ?? 0) === 0;
}
