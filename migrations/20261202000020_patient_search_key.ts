// `search --patient` ignores case, accents and punctuation (Chloé = chloe, O'Brien = o brien). Each
// patient gets a nullable `search_key` (first+last|last+first|chart, reduced as src/domain/search-key.ts
// says) that triggers set on every insert and update, whoever writes the patient, so the key cannot go
// stale; a search is then one LIKE over that narrow column, read from its index, instead of
// lower() of three concatenations per patient.
//
// Adding a nullable column without a default is a plain ALTER on SQLite (no table rebuild).
// The triggers are generated (src/store/search-key.ts) from the table in src/domain/search-key.ts as it
// is now: changing that table needs a new migration that recreates them and refills the keys.
import type { Knex } from 'knex';
import { dropPatientKeyTriggers, patientKeyTriggers } from '../src/store/search-key.js';

const engineOf = (knex: Knex) => (knex.client.config.client === 'pg' ? 'pg' : 'sqlite');

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE patients ADD COLUMN search_key TEXT');
  for (const sql of patientKeyTriggers(engineOf(knex))) await knex.raw(sql);
  // The update triggers compute every existing key.
  await knex.raw('UPDATE patients SET first_name = first_name');
  await knex.raw('CREATE INDEX patients_search_key_idx ON patients (search_key)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX patients_search_key_idx');
  for (const sql of dropPatientKeyTriggers(engineOf(knex))) await knex.raw(sql);
  await knex.raw('ALTER TABLE patients DROP COLUMN search_key');
}
