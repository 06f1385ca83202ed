// The duplicate scan lists groups in date order (CONTRACT §4.6), and `--from`/`--to` bound the date:
// the partial covering index of 20261127000004 is made again with the date first, so that the scan
// still reads the groups from the index alone, in the order it prints them, and a date range reads
// only its part of the index. The same columns: the index is no larger, and no table is altered.
import type { Knex } from 'knex';

const OLD = 'sessions_duplicate_scan_idx';
const NEW = 'sessions_duplicate_scan_date_idx';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX ${NEW} ON sessions (scheduled_date, start_time, patient_id, provider_id, id) WHERE status <> 'cancelled'`,
  );
  await knex.raw(`DROP INDEX ${OLD}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX ${OLD} ON sessions (patient_id, scheduled_date, start_time, provider_id, id) WHERE status <> 'cancelled'`,
  );
  await knex.raw(`DROP INDEX ${NEW}`);
}
