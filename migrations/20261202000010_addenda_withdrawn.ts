// An addendum is no longer owed when the deletion it was owed for has been reverted (`restore`):
// `withdrawn_at` records when. Nullable, so a program that writes only CONTRACT §1's columns keeps
// working. ADD COLUMN alters the table in place on both engines (no SQLite rebuild, triggers kept).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('addenda', (t) => {
    t.string('withdrawn_at').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('addenda', (t) => {
    t.dropColumn('withdrawn_at');
  });
}
