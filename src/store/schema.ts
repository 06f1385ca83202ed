// Where the schema stands against this build's migrations, and bringing it up to date.
import { FailError } from '../domain/errors.js';
import { MIGRATIONS, migrationSource } from '../../migrations/index.js';
import type { Db } from './connection.js';

const TABLE = 'knex_migrations';

export type SchemaState = 'empty' | 'behind' | 'current' | 'newer';

export interface SchemaStatus {
  state: SchemaState;
  applied: string[];
  pending: string[];
  /** Applied migrations that this build does not know: the database is from a newer sessionctl. */
  unknown: string[];
}

export async function schemaStatus(db: Db): Promise<SchemaStatus> {
  const known = MIGRATIONS.map((m) => m.name);
  const exists = await db.knex.schema.hasTable(TABLE);
  const applied: string[] = exists
    ? (await db.knex(TABLE).select('name').orderBy('id')).map((r: { name: string }) => r.name)
    : [];
  const pending = known.filter((n) => !applied.includes(n));
  const unknown = applied.filter((n) => !known.includes(n));
  const state: SchemaState =
    unknown.length > 0 ? 'newer' : applied.length === 0 ? 'empty' : pending.length > 0 ? 'behind' : 'current';
  return { state, applied, pending, unknown };
}

export async function migrate(db: Db): Promise<string[]> {
  const status = await schemaStatus(db);
  if (status.state === 'newer') throw newerSchema(db, status);
  const [, names] = (await db.knex.migrate.latest({ migrationSource, tableName: TABLE })) as [number, string[]];
  return names;
}

function newerSchema(db: Db, status: SchemaStatus): FailError {
  return new FailError(
    `The database at ${db.label} has a schema from a newer sessionctl (${status.unknown.join(', ')}).`,
    'Upgrade sessionctl to the version that migrated this database.',
  );
}

/** Every command but `db migrate` and `db status` needs the schema exactly as this build knows it. */
export async function requireCurrentSchema(db: Db): Promise<void> {
  const status = await schemaStatus(db);
  if (status.state === 'current') return;
  if (status.state === 'newer') throw newerSchema(db, status);
  throw new FailError(
    status.state === 'empty'
      ? `The database at ${db.label} has no sessionctl schema.`
      : `The database schema at ${db.label} is behind this version of sessionctl (${status.pending.length} migration(s) pending).`,
    `Run \`sessionctl db migrate --db ${db.label}\`.`,
  );
}
