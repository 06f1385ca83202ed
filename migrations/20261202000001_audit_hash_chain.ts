// The audit trail becomes a hash chain (CONTRACT §4.4): each row carries prev_hash and hash, and the
// rows already there are chained here, in id order. Columns are added with ALTER TABLE ADD COLUMN on
// both engines (knex's SQLite alterations may rebuild the table, losing its triggers). The
// append-only triggers refuse the UPDATE that the back-fill needs, so they are lifted and put back
// inside this migration's own transaction: no other program ever sees the table unguarded.
import type { Knex } from 'knex';
import { GENESIS, chainFields, chainHash } from '../src/store/audit-chain.js';

const isPg = (knex: Knex) => knex.client.config.client === 'pg';
const PAGE = 5000;

// The same text as the initial migration's trigger: put back exactly as it was.
const SQLITE_NO_UPDATE = `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END`;

async function backfill(knex: Knex): Promise<void> {
  let prev = GENESIS;
  let after = 0;
  for (;;) {
    const rows = (await knex('audit_log')
      .select('id', 'at', 'actor', 'action', 'session_id', 'detail')
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)) as Record<string, unknown>[];
    if (rows.length === 0) return;
    const chained = rows.map((r) => {
      const p = prev;
      prev = chainHash(chainFields(r), p);
      return { id: Number(r.id), p, h: prev };
    });
    after = chained[chained.length - 1]?.id ?? after;
    // One statement per page, the page handed over as one JSON parameter.
    if (isPg(knex)) {
      await knex.raw(
        `UPDATE audit_log AS a SET prev_hash = v.p, hash = v.h
         FROM json_to_recordset(?::json) AS v(id integer, p text, h text) WHERE a.id = v.id`,
        [JSON.stringify(chained)],
      );
    } else {
      await knex.raw(
        `UPDATE audit_log SET prev_hash = j.value ->> '$.p', hash = j.value ->> '$.h'
         FROM json_each(?) AS j WHERE audit_log.id = j.value ->> '$.id'`,
        [JSON.stringify(chained)],
      );
    }
  }
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE audit_log ADD COLUMN prev_hash varchar(64)');
  await knex.raw('ALTER TABLE audit_log ADD COLUMN hash varchar(64)');
  if (isPg(knex)) {
    await knex.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await backfill(knex);
    await knex.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
  } else {
    await knex.raw('DROP TRIGGER audit_log_no_update');
    await backfill(knex);
    await knex.raw(SQLITE_NO_UPDATE);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE audit_log DROP COLUMN hash');
  await knex.raw('ALTER TABLE audit_log DROP COLUMN prev_hash');
}
