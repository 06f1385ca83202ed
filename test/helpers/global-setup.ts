// Before any test: PostgreSQL must answer. Its tests are required, never skipped: fail loudly here.
// Then its system catalogs are vacuumed: each run creates and drops a few hundred schemas (one per
// test), about 90,000 dead catalog rows, and a server without autovacuum (the development machine's
// has it off) keeps them for ever: after a morning's dozen runs pg_attribute held 1,087,277 dead
// rows beside 953 live ones, in 141 MB that information_schema look-ups read through.
// Vacuuming lets the next run reuse that space instead of adding to it.
import pg from 'pg';
import { PG_URL } from './engines.js';

/** The catalogs that creating and dropping a schema of tables, indexes, triggers and functions writes to. */
const CATALOGS = [
  'pg_attribute',
  'pg_attrdef',
  'pg_class',
  'pg_constraint',
  'pg_depend',
  'pg_description',
  'pg_index',
  'pg_namespace',
  'pg_proc',
  'pg_sequence',
  'pg_trigger',
  'pg_type',
];

export default async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL is required for the tests and did not answer at ${PG_URL} (${(err as Error).message}). ` +
        'Start it, or set SESSIONCTL_TEST_PG to its URL.',
    );
  }
  try {
    // A role that may not vacuum a catalog gets a warning from the server, not an error.
    await client.query(`VACUUM ${CATALOGS.map((c) => `pg_catalog.${c}`).join(', ')}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
