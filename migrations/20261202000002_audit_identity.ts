// Who acted, as the system vouches for it (issue 12): `actor` is declared (--actor, any text), so each
// audit row also records the operating-system user that ran sessionctl and, on PostgreSQL, the
// database role of the connection (session_user). Nullable: rows written before, and by programs
// that do not fill them, stay valid. Not part of the hash (CONTRACT §4.4 fixes what it covers).
// ALTER TABLE ADD COLUMN on both engines: no SQLite table rebuild, the triggers stay.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE audit_log ADD COLUMN os_user varchar(255)');
  await knex.raw('ALTER TABLE audit_log ADD COLUMN db_user varchar(255)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE audit_log DROP COLUMN db_user');
  await knex.raw('ALTER TABLE audit_log DROP COLUMN os_user');
}
