// Before any test: PostgreSQL must answer. Its tests are required, never skipped: fail loudly here.
import pg from 'pg';
import { PG_URL } from './engines.js';

export default async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(
      `PostgreSQL is required for the tests and did not answer at ${PG_URL} (${(err as Error).message}). ` +
        'Start it, or set SESSIONCTL_TEST_PG to its URL.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
