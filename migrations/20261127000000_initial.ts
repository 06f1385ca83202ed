// The schema of CONTRACT §1, created whole (no ALTERs: on SQLite they rebuild tables and lose triggers).
import type { Knex } from 'knex';

const isPg = (knex: Knex) => knex.client.config.client === 'pg';

// Dates, times and instants are text in the contract's forms on both engines; CHECKs keep them honest.
function dateCheck(knex: Knex, column: string): string {
  return isPg(knex)
    ? `${column} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`
    : `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;
}
function timeCheck(knex: Knex, column: string): string {
  return isPg(knex) ? `${column} ~ '^[0-2][0-9]:[0-5][0-9]$'` : `${column} GLOB '[0-2][0-9]:[0-5][0-9]'`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('settings', (t) => {
    t.increments('id');
    t.string('key').notNullable().unique();
    t.text('value').notNullable();
  });

  await knex.schema.createTable('locations', (t) => {
    t.increments('id');
    t.string('name').notNullable().unique();
  });

  await knex.schema.createTable('providers', (t) => {
    t.increments('id');
    t.string('name').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.index(['name'], 'providers_name_idx');
  });

  await knex.schema.createTable('patients', (t) => {
    t.increments('id');
    t.string('first_name').notNullable();
    t.string('last_name').notNullable();
    t.string('date_of_birth').nullable();
    t.check(`date_of_birth IS NULL OR ${dateCheck(knex, 'date_of_birth')}`);
    t.string('chart_number').nullable().unique();
    t.index(['last_name', 'first_name'], 'patients_name_idx');
  });

  await knex.schema.createTable('session_classes', (t) => {
    t.increments('id');
    t.string('name').notNullable().unique();
    t.boolean('is_cancellation').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
  });

  await knex.schema.createTable('sessions', (t) => {
    t.increments('id');
    t.integer('patient_id').notNullable().references('id').inTable('patients').onDelete('RESTRICT');
    t.integer('provider_id').notNullable().references('id').inTable('providers').onDelete('RESTRICT');
    t.integer('location_id').nullable().references('id').inTable('locations').onDelete('RESTRICT');
    t.string('scheduled_date', 10).notNullable();
    t.check(dateCheck(knex, 'scheduled_date'));
    t.string('start_time', 5).notNullable();
    t.check(timeCheck(knex, 'start_time'));
    t.integer('duration_minutes').notNullable().defaultTo(45).checkPositive();
    t.string('status', 16)
      .notNullable()
      .defaultTo('scheduled')
      .checkIn(['scheduled', 'confirmed', 'cancelled']);
    t.integer('session_class_id').nullable().references('id').inTable('session_classes').onDelete('RESTRICT');
    t.string('confirmed_at').nullable();
    t.string('cancelled_at').nullable();
    t.string('created_at').notNullable();
    // Every screen filters by day; the duplicate search groups by patient, provider, day and time.
    t.index(['scheduled_date', 'start_time'], 'sessions_date_time_idx');
    t.index(['status', 'scheduled_date'], 'sessions_status_date_idx');
    t.index(['provider_id', 'scheduled_date'], 'sessions_provider_date_idx');
    t.index(['patient_id', 'scheduled_date', 'start_time', 'provider_id'], 'sessions_duplicate_idx');
  });

  // RESTRICT: the database itself refuses to delete a session that still has money or records attached.
  const attached = (name: string, build: (t: Knex.CreateTableBuilder) => void) =>
    knex.schema.createTable(name, (t) => {
      t.increments('id');
      t.integer('session_id').notNullable().references('id').inTable('sessions').onDelete('RESTRICT');
      build(t);
      t.index(['session_id'], `${name}_session_idx`);
    });

  await attached('claims', (t) => {
    t.string('payer').notNullable();
    t.string('billed_at').notNullable();
    t.string('status', 32).notNullable();
  });
  // Charges and draft notes go with the session, removed explicitly by the delete action.
  await attached('charges', (t) => {
    t.string('cpt_code', 16).notNullable();
    t.integer('units').notNullable().defaultTo(1);
    t.integer('amount_cents').notNullable();
  });
  await attached('payments', (t) => {
    t.integer('amount_cents').notNullable();
    t.string('method', 32).notNullable();
    t.string('posted_at').notNullable();
  });
  await attached('adjustments', (t) => {
    t.integer('amount_cents').notNullable();
    t.string('reason').notNullable();
    t.string('posted_at').notNullable();
  });
  await attached('notes', (t) => {
    t.string('status', 16).notNullable().checkIn(['draft', 'finalized']);
    t.string('finalized_at').nullable();
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id');
    t.string('at').notNullable();
    t.string('actor').notNullable();
    t.string('action', 64).notNullable();
    t.integer('session_id').nullable();
    t.text('detail').notNullable();
    t.index(['session_id'], 'audit_log_session_idx');
    t.index(['at'], 'audit_log_at_idx');
  });

  await knex.schema.createTable('addenda', (t) => {
    t.increments('id');
    t.integer('session_id').notNullable();
    t.integer('patient_id').notNullable();
    t.string('scheduled_date', 10).notNullable();
    t.string('created_at').notNullable();
    t.string('completed_at').nullable();
    t.string('completed_by').nullable();
    t.index(['completed_at'], 'addenda_completed_idx');
  });

  // audit_log is append-only, whatever program connects.
  if (isPg(knex)) {
    await knex.raw(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
      END $$`);
    await knex.raw(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await knex.raw(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  } else {
    await knex.raw(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END`);
    await knex.raw(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END`);
  }
}

export async function down(): Promise<void> {
  // Dropping the schema would drop the audit trail; there is no way down from the first migration.
  throw new Error('the initial migration cannot be reverted: it would destroy the audit trail');
}
