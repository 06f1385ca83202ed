// Every listing and the duplicate scan count each session's finalized and draft notes
// (`SELECT COUNT(*) FROM notes x WHERE x.session_id = s.id AND x.status = …`). notes_session_idx has
// the session but not the status, so each count visited the table rows. With the status in the index
// the counts are read from the index alone; it also serves everything notes_session_idx served (the
// session first), including the foreign-key check when a session is deleted, so that one goes.
// An index only: no table is altered.
import type { Knex } from 'knex';

const OLD = 'notes_session_idx';
const NEW = 'notes_session_status_idx';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX ${NEW} ON notes (session_id, status)`);
  await knex.raw(`DROP INDEX ${OLD}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX ${OLD} ON notes (session_id)`);
  await knex.raw(`DROP INDEX ${NEW}`);
}
