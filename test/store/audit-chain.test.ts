// The audit trail as a hash chain (CONTRACT §4.4), recomputed by test/helpers/chain.ts from the
// contract's definition alone: after every kind of action, after the migration that chains the rows
// already there, and under concurrent appenders (20 on PostgreSQL, several processes on SQLite).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { ENGINES, blankDatabase, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession, setMode, type BaseIds } from '../helpers/fixtures.js';
import { recomputeChain } from '../helpers/chain.js';
import { runCli } from '../helpers/procs.js';
import { deleteSessions, cancelSessions, resolveCancellationClass } from '../../src/actions/sessions.js';
import { removePayments } from '../../src/actions/payments.js';
import { removeAdjustments } from '../../src/actions/adjustments.js';
import { addClass, setClassActivity } from '../../src/actions/classes.js';
import { changeSetting } from '../../src/actions/settings.js';
import { completeAddenda } from '../../src/actions/addenda.js';
import { removeDuplicates } from '../../src/actions/duplicates.js';
import { writeAudit, writeTransaction } from '../../src/store/changes.js';
import { migrate } from '../../src/store/schema.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { openDatabase } from '../../src/store/connection.js';

const opts = { actor: 'alice', clock: () => new Date('2026-11-27T15:04:05Z') };

describe.each(ENGINES)('the audit hash chain on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
  });
  afterEach(async () => t.dispose());

  it('holds after a mix of every action, single and bulk, recomputed from the contract alone', async () => {
    const db = t.db;
    const s = async (spec: Parameters<typeof makeSession>[2] = {}) => makeSession(db, base, spec);
    // Bulk deletes (one statement of several audit rows) and single ones.
    const plain = [await s({ charges: 1, draftNotes: 1 }), await s(), await s()];
    await deleteSessions(db, plain, opts);
    await deleteSessions(db, [await s({ start: '11:00' })], { ...opts, reason: 'entered twice "quoted" \\ é 😀\n' });
    const toCancel = [await s({ start: '12:00' }), await s({ start: '13:00' })];
    await cancelSessions(db, toCancel, await resolveCancellationClass(db, 'No Show'), opts);
    const paid = await s({ start: '14:00', payments: 2, adjustments: 1 });
    const posted = await db.knex('payments').where({ session_id: paid }).pluck('id');
    await removePayments(db, posted.map(Number), opts);
    const adjusted = await db.knex('adjustments').where({ session_id: paid }).pluck('id');
    await removeAdjustments(db, adjusted.map(Number), opts);
    await addClass(db, 'Sick Day', true, opts);
    await setClassActivity(db, 'Sick Day', false, opts);
    await setClassActivity(db, 'Sick Day', true, opts);
    await changeSetting(db, 'integration_mode', 'webpt', opts);
    await setMode(db, 'webpt');
    const owed = await s({ start: '15:00', finalizedNotes: 1 });
    const [deleted] = await deleteSessions(db, [owed], opts);
    await completeAddenda(db, [deleted?.addendumId as number], opts);
    const keeper = await s({ start: '16:00' });
    const copies = [await s({ start: '16:00' }), await s({ start: '16:00' })];
    await removeDuplicates(db, { ids: copies, keepers: [keeper, keeper] }, { ...opts, onResults: () => {} });

    const actions = (await db.knex('audit_log').distinct('action').pluck('action')).sort();
    expect(actions).toEqual([
      'addendum.complete',
      'adjustment.remove',
      'class.add',
      'class.deactivate',
      'class.reactivate',
      'payment.remove',
      'session.cancel',
      'session.delete',
      'settings.set',
    ]);
    const check = await recomputeChain(db);
    expect(check.rows).toBe(17);
    expect(check.bad).toEqual([]);
    const ids = await db.knex('audit_log').orderBy('id').pluck('id');
    expect(ids.map(Number)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
  });

  it('the migration chains the rows already there and leaves the table append-only', async () => {
    const blank = await blankDatabase(engine);
    const db = blank.open();
    try {
      const before = MIGRATIONS.filter((m) => m.name < '20261202000001');
      const source: Knex.MigrationSource<(typeof MIGRATIONS)[number]> = {
        getMigrations: async () => [...before],
        getMigrationName: (m) => m.name,
        getMigration: async (m) => m.module,
      };
      await db.knex.migrate.latest({ migrationSource: source, tableName: 'knex_migrations' });
      // Rows as an older sessionctl wrote them, more than one page of the back-fill.
      const old = Array.from({ length: 5200 }, (_, i) => ({
        at: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
        actor: i % 2 ? 'alice' : 'bob',
        action: i % 3 ? 'session.delete' : 'settings.set',
        session_id: i % 3 ? i + 1 : null,
        detail: JSON.stringify({ reason: `r${i}`, note: 'ünïcode "quotes"' }),
      }));
      for (let i = 0; i < old.length; i += 500) await db.knex('audit_log').insert(old.slice(i, i + 500));
      await migrate(db);
      const check = await recomputeChain(db);
      expect(check.rows).toBe(5200);
      expect(check.bad).toEqual([]);
      await expect(db.knex('audit_log').where({ id: 1 }).update({ actor: 'mallory' })).rejects.toThrow(/append-only/);
      await expect(db.knex('audit_log').where({ id: 1 }).delete()).rejects.toThrow(/append-only/);
      // And the next append links to the last migrated row.
      await writeTransaction(db, (trx) => writeAudit(trx, 'carol', '2026-12-01T00:00:00Z', [{ action: 'x.y', sessionId: null, detail: {} }]));
      const after = await recomputeChain(db);
      expect(after.rows).toBe(5201);
      expect(after.bad).toEqual([]);
    } finally {
      await blank.dispose();
    }
  });

  it('many appenders at once leave one unbroken chain', async () => {
    // PostgreSQL: 20 connections at once in this process. SQLite: separate processes of the built CLI.
    if (engine === 'pg') {
      const writers = Array.from({ length: 20 }, () => openDatabase(t.location));
      try {
        await Promise.all(
          writers.map(async (w, i) => {
            for (let round = 0; round < 5; round += 1) {
              const entries = Array.from({ length: 1 + ((i + round) % 3) }, (_, k) => ({
                action: 'test.append',
                sessionId: i,
                detail: { writer: i, round, k },
              }));
              await writeTransaction(w, (trx) => writeAudit(trx, `writer-${i}`, '2026-11-27T12:00:00Z', entries));
            }
          }),
        );
      } finally {
        await Promise.all(writers.map((w) => w.close()));
      }
      const expected = Array.from({ length: 20 }, (_, i) =>
        Array.from({ length: 5 }, (_, round) => 1 + ((i + round) % 3)).reduce((a, b) => a + b, 0),
      ).reduce((a, b) => a + b, 0);
      const check = await recomputeChain(t.db);
      expect(check.rows).toBe(expected);
      expect(check.bad).toEqual([]);
    } else {
      const processes = Array.from({ length: 4 }, async (_, p) => {
        for (let round = 0; round < 4; round += 1) {
          const r = await runCli(['classes', 'add', `Class ${p}-${round}`, '--yes', '--db', t.location]);
          expect(r.code, r.stderr).toBe(0);
        }
      });
      await Promise.all(processes);
      const check = await recomputeChain(t.db);
      expect(check.rows).toBe(16);
      expect(check.bad).toEqual([]);
    }
  }, 120_000);
});
