// Large results read as one JSON text on SQLite (src/store/json-rows.ts) must be the same rows as
// the driver gives, whatever the values; and the audit snapshot keeps every column of a row, even
// one that another program added.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession } from '../helpers/fixtures.js';
import { selectRows } from '../../src/store/json-rows.js';
import { deleteSessions } from '../../src/actions/sessions.js';

const byId = (rows: Array<Record<string, unknown>>) => [...rows].sort((a, b) => Number(a.id) - Number(b.id));

describe.each(ENGINES)('rows as one JSON text on %s', (engine) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDatabase(engine);
  });
  afterEach(async () => t.dispose());

  it('are the rows the driver gives: nulls, quotes, newlines, other scripts, large and negative numbers, odd column names', async () => {
    const k = t.db.knex;
    await k.schema.createTable('probe', (tb) => {
      tb.integer('id').primary();
      tb.text('Odd "Name"').nullable();
      tb.bigInteger('big').nullable();
      tb.text('note').nullable();
    });
    const values = [
      { id: 1, 'Odd "Name"': `O'Brien "the" \\ back`, big: 9007199254740991, note: 'line\nbreak\ttab' },
      { id: 2, 'Odd "Name"': null, big: -42, note: 'Zoë Núñez 日本 🙂' },
      { id: 3, 'Odd "Name"': '', big: 0, note: null },
      { id: 4, 'Odd "Name"': '{"looks": "like json"}', big: null, note: '[1,2]' },
    ];
    await k('probe').insert(values);
    const qb = k('probe').select('id', 'Odd "Name"', 'big', 'note as renamed').where('id', '<', 4);
    const plain = (await qb.clone()) as Array<Record<string, unknown>>;
    const json = await selectRows(t.db, k, qb, ['id', 'Odd "Name"', 'big', 'renamed']);
    const asNumbers = (rows: Array<Record<string, unknown>>) => rows.map((r) => ({ ...r, big: r.big === null ? null : Number(r.big) }));
    expect(asNumbers(byId(json))).toEqual(asNumbers(byId(plain)));
    expect(byId(json).map((r) => r.renamed)).toEqual(['line\nbreak\ttab', 'Zoë Núñez 日本 🙂', null]);
    expect(await selectRows(t.db, k, k('probe').select('id').where('id', '>', 99), ['id'])).toEqual([]);
  });

  it('keeps every column of a deleted session in the audit snapshot, one added by another program too', async () => {
    const k = t.db.knex;
    const base = await baseData(t.db);
    await k.schema.alterTable('sessions', (tb) => tb.text('external_ref').nullable());
    const id = await makeSession(t.db, base, { charges: 2 });
    await k('sessions').where({ id }).update({ external_ref: 'EHR-77' });
    const [result] = await deleteSessions(t.db, [id], { actor: 'test', reason: 'entered twice' });
    expect(result?.outcome).toBe('deleted');
    const audit = await k('audit_log').where({ session_id: id, action: 'session.delete' }).first();
    const removed = JSON.parse(audit.detail).removed;
    expect(removed.sessions).toHaveLength(1);
    expect(removed.sessions[0]).toMatchObject({ id, external_ref: 'EHR-77', start_time: '09:00' });
    expect(removed.charges.map((c: { cpt_code: string }) => c.cpt_code)).toEqual(['97110', '97110']);
  });
});

describe('rows as one JSON text on sqlite, binary data', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDatabase('sqlite');
  });
  afterEach(async () => t.dispose());

  it('falls back to the driver\'s rows for a BLOB, which JSON cannot hold', async () => {
    const k = t.db.knex;
    await k.schema.createTable('probe', (tb) => {
      tb.integer('id').primary();
      tb.binary('data');
    });
    await k('probe').insert([{ id: 1, data: Buffer.from([0, 255, 7]) }]);
    const rows = await selectRows(t.db, k, k('probe').select('id', 'data'), ['id', 'data']);
    expect(rows).toEqual([{ id: 1, data: Buffer.from([0, 255, 7]) }]);
  });
});
