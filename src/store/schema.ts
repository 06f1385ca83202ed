// Where the schema stands against this build's migrations, and bringing it up to date.
import { FailError } from '../domain/errors.js';
import { MIGRATIONS, migrationSource } from '../../migrations/index.js';
import type { Db } from './connection.js';
import { CONTRACT_TABLES } from './tables.js';

const TABLE = 'knex_migrations';

export type SchemaState = 'empty' | 'behind' | 'current' | 'newer' | 'damaged';

/** The tables of CONTRACT §1, which every migrated database holds and every command may read. */
export { CONTRACT_TABLES } from './tables.js';

export interface SchemaStatus {
  state: SchemaState;
  applied: string[];
  pending: string[];
  /** Applied migrations that this build does not know: the database is from a newer sessionctl. */
  unknown: string[];
  /** Tables of the contract that are missing although migrations were applied: a damaged database. */
  missing: string[];
}

/** Which of these tables the schema holds. */
async function tableNames(db: Db, names: readonly string[]): Promise<Set<string>> {
  if (db.engine === 'sqlite') {
    const rows = (await db.knex.raw(`SELECT name FROM sqlite_master WHERE type = 'table'`)) as Array<{ name: string }>;
    return new Set(rows.map((r) => r.name).filter((n) => names.includes(n)));
  }
  // Looked up by name in the schema (no schema yet: none). information_schema.tables, a view over
  // the catalogs with a privilege check per row, cost a new connection's server about 25 ms more.
  const placeholders = names.map(() => '?').join(', ');
  const res = (await db.knex.raw(
    `SELECT t AS name FROM unnest(ARRAY[${placeholders}]::text[]) AS t
      WHERE current_schema() IS NOT NULL AND to_regclass(quote_ident(current_schema()) || '.' || quote_ident(t)) IS NOT NULL`,
    [...names],
  )) as { rows: Array<{ name: string }> };
  return new Set(res.rows.map((r) => r.name));
}

export async function schemaStatus(db: Db): Promise<SchemaStatus> {
  const known = MIGRATIONS.map((m) => m.name);
  const tables = await tableNames(db, [TABLE, ...CONTRACT_TABLES]);
  const exists = tables.has(TABLE);
  const applied: string[] = exists
    ? (await db.knex(TABLE).select('name').orderBy('id')).map((r: { name: string }) => r.name)
    : [];
  const pending = known.filter((n) => !applied.includes(n));
  const unknown = applied.filter((n) => !known.includes(n));
  // Only a fully migrated schema must hold every table (an older one may lack later ones).
  const missing = applied.length > 0 && pending.length === 0 ? CONTRACT_TABLES.filter((t) => !tables.has(t)) : [];
  const state: SchemaState =
    unknown.length > 0
      ? 'newer'
      : applied.length === 0
        ? 'empty'
        : pending.length > 0
          ? 'behind'
          : missing.length > 0
            ? 'damaged'
            : 'current';
  return { state, applied, pending, unknown, missing };
}

export async function migrate(db: Db): Promise<string[]> {
  const status = await schemaStatus(db);
  if (status.state === 'newer') throw newerSchema(db, status);
  if (status.state === 'damaged') throw damagedSchema(db, status);
  const [, names] = (await db.knex.migrate.latest({ migrationSource, tableName: TABLE })) as [number, string[]];
  return names;
}

function newerSchema(db: Db, status: SchemaStatus): FailError {
  return new FailError(
    `The database at ${db.label} has a schema from a newer sessionctl (${status.unknown.join(', ')}).`,
    'Upgrade sessionctl to the version that migrated this database.',
  );
}

function damagedSchema(db: Db, status: SchemaStatus): FailError {
  return new FailError(
    `The database at ${db.label} is damaged: table(s) ${status.missing.join(', ')} missing although every migration is recorded as applied.`,
    'Restore it from a backup; nothing was changed.',
  );
}

/** Every command but `db migrate` and `db status` needs the schema exactly as this build knows it. */
export async function requireCurrentSchema(db: Db): Promise<void> {
  const status = await schemaStatus(db);
  if (status.state === 'current') return;
  if (status.state === 'newer') throw newerSchema(db, status);
  if (status.state === 'damaged') throw damagedSchema(db, status);
  throw new FailError(
    status.state === 'empty'
      ? `The database at ${db.label} has no sessionctl schema.`
      : `The database schema at ${db.label} is behind this version of sessionctl (${status.pending.length} migration(s) pending).`,
    `Run \`sessionctl db migrate --db ${db.label}\`.`,
  );
}

/**
 * PostgreSQL: the URL's ?schema= made to exist before db migrate fills it. Without the right to create
 * it, the message gives the exact statement for someone who has.
 */
export async function ensurePgSchema(db: Db, schema: string | undefined): Promise<boolean> {
  if (db.engine !== 'pg' || !schema) return false;
  const res = (await db.knex.raw('SELECT 1 FROM pg_namespace WHERE nspname = ?', [schema])) as { rows: unknown[] };
  if (res.rows.length > 0) return false;
  try {
    await db.knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code !== '42501') throw err;
    throw new FailError(
      `The schema "${schema}" does not exist in ${db.label}, and this login may not create it.`,
      `Ask an administrator of the database to run: CREATE SCHEMA "${schema}" AUTHORIZATION <the role that runs db migrate>;`,
    );
  }
}
