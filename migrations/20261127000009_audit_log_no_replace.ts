// On SQLite, `INSERT OR REPLACE` (or `REPLACE INTO`) with the id of an existing audit row overwrites
// it: the row it replaces is deleted without firing audit_log_no_delete, because SQLite fires delete
// triggers on REPLACE only with PRAGMA recursive_triggers, which no other program sets. This trigger
// refuses an insert that reuses an id, so the trail stays append-only whatever program connects.
// PostgreSQL has no REPLACE, and its ON CONFLICT DO UPDATE fires the UPDATE trigger already there.
// A new trigger only: no table is altered.
import type { Knex } from 'knex';

const isPg = (knex: Knex) => knex.client.config.client === 'pg';

export async function up(knex: Knex): Promise<void> {
  if (isPg(knex)) return;
  await knex.raw(`CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
    WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: REPLACE refused'); END`);
}

export async function down(knex: Knex): Promise<void> {
  if (isPg(knex)) return;
  await knex.raw('DROP TRIGGER audit_log_no_replace');
}
