// Permanently Delete and Apply Cancellation as every screen and command uses them: one transaction
// that locks, reloads the facts, decides again, changes, and leaves an audit row (and, in webpt mode,
// the addendum owed). Run on both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, setMode, type BaseIds } from '../helpers/fixtures.js';
import {
  activeCancellationClasses,
  cancelSessions,
  deleteSessions,
  resolveCancellationClass,
} from '../../src/actions/sessions.js';
import { loadListing } from '../../src/commands/listing.js';
import type { Db } from '../../src/store/connection.js';
import type { SessionClass } from '../../src/domain/types.js';

const AT = new Date('2026-11-27T15:04:05Z');
const opts = { actor: 'alice', clock: () => AT };

interface AuditRow {
  at: string;
  actor: string;
  action: string;
  session_id: number;
  detail: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function auditRows(db: Db): Promise<AuditRow[]> {
  const rows = await db.knex('audit_log').select('*').orderBy('id');
  return rows.map((r) => ({ ...r, session_id: Number(r.session_id), detail: JSON.parse(r.detail as string) }));
}

describe.each(ENGINES)('session actions on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  let cancelledClass: SessionClass;
  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
    cancelledClass = await resolveCancellationClass(t.db, 'cancelled');
  });
  afterEach(async () => t.dispose());

  describe('Permanently Delete', () => {
    it('removes the session with its charges and draft notes, and leaves a snapshot of every row in the audit log', async () => {
      const id = await makeSession(t.db, base, { charges: 2, draftNotes: 2, start: '09:00' });
      const other = await makeSession(t.db, base, { charges: 1, draftNotes: 1, start: '10:00' });

      const results = await deleteSessions(t.db, [id], { ...opts, reason: 'entered twice' });

      expect(results).toEqual([expect.objectContaining({ id, outcome: 'deleted', reasons: [] })]);
      expect(results[0]?.addendumId).toBeUndefined();
      expect(await countRows(t.db, 'sessions', { id })).toBe(0);
      expect(await countRows(t.db, 'charges', { session_id: id })).toBe(0);
      expect(await countRows(t.db, 'notes', { session_id: id })).toBe(0);
      // The other session and what it holds are untouched.
      expect(await countRows(t.db, 'sessions', { id: other })).toBe(1);
      expect(await countRows(t.db, 'charges', { session_id: other })).toBe(1);
      expect(await countRows(t.db, 'notes', { session_id: other })).toBe(1);
      expect(await countRows(t.db, 'addenda')).toBe(0);

      const [audit, ...more] = await auditRows(t.db);
      expect(more).toEqual([]);
      expect(audit).toMatchObject({ at: '2026-11-27T15:04:05Z', actor: 'alice', action: 'session.delete', session_id: id });
      expect(audit?.detail).toMatchObject({ reason: 'entered twice', integrationMode: 'standalone', addendumId: null });
      expect(audit?.detail.session).toMatchObject({ id, date: '2026-11-27', start: '09:00', facts: { charges: 2, draftNotes: 2 } });
      const removed = audit?.detail.removed;
      expect(removed.sessions).toEqual([expect.objectContaining({ id, scheduled_date: '2026-11-27', start_time: '09:00' })]);
      expect(removed.charges).toHaveLength(2);
      expect(removed.charges.every((c: { session_id: number; cpt_code: string }) => Number(c.session_id) === id && c.cpt_code === '97110')).toBe(true);
      expect(removed.notes.map((n: { status: string }) => n.status)).toEqual(['draft', 'draft']);
    });

    it('snapshots a column the practice system added between two deletes, in every table it removes from', async () => {
      const first = await makeSession(t.db, base, { charges: 1, draftNotes: 1, start: '09:00' });
      const second = await makeSession(t.db, base, { charges: 1, draftNotes: 1, start: '10:00' });
      await deleteSessions(t.db, [first], opts);
      for (const table of ['sessions', 'charges', 'notes']) {
        await t.db.knex.schema.alterTable(table, (tb) => tb.text('external_ref').nullable());
        await t.db.knex(table).update({ external_ref: `${table}-ref` });
      }
      await deleteSessions(t.db, [second], opts);

      const [before, after] = await auditRows(t.db);
      expect(before?.detail.removed.sessions[0]).not.toHaveProperty('external_ref');
      const { sessions, charges, notes } = after!.detail.removed;
      expect([sessions[0].external_ref, charges[0].external_ref, notes[0].external_ref]).toEqual(['sessions-ref', 'charges-ref', 'notes-ref']);
    });

    it('refuses a standalone session with a finalized note, and changes nothing', async () => {
      const id = await makeSession(t.db, base, { finalizedNotes: 1, draftNotes: 1, charges: 1 });
      const [r] = await deleteSessions(t.db, [id], opts);
      expect(r?.outcome).toBe('blocked');
      expect(r?.reasons.map((x) => x.code)).toEqual(['FINALIZED_NOTE']);
      expect(await countRows(t.db, 'sessions', { id })).toBe(1);
      expect(await countRows(t.db, 'notes', { session_id: id })).toBe(2);
      expect(await countRows(t.db, 'charges', { session_id: id })).toBe(1);
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });

    it('in webpt mode removes every note and records the addendum now owed', async () => {
      await setMode(t.db, 'webpt');
      const id = await makeSession(t.db, base, { finalizedNotes: 1, draftNotes: 1, charges: 1, patientId: base.patients[1], date: '2026-11-20' });

      const [r] = await deleteSessions(t.db, [id], opts);

      expect(r?.outcome).toBe('deleted');
      expect(await countRows(t.db, 'sessions', { id })).toBe(0);
      expect(await countRows(t.db, 'notes', { session_id: id })).toBe(0);
      const addenda = await t.db.knex('addenda').select('*');
      expect(addenda).toEqual([
        expect.objectContaining({
          session_id: id,
          patient_id: base.patients[1],
          scheduled_date: '2026-11-20',
          created_at: '2026-11-27T15:04:05Z',
          completed_at: null,
        }),
      ]);
      expect(r?.addendumId).toBe(Number(addenda[0].id));
      const [audit] = await auditRows(t.db);
      expect(audit?.detail).toMatchObject({ integrationMode: 'webpt', addendumId: Number(addenda[0].id) });
      expect(audit?.detail.removed.notes.map((n: { status: string }) => n.status).sort()).toEqual(['draft', 'finalized']);
    });

    it('reports every reason that blocks, and the database keeps the money', async () => {
      const id = await makeSession(t.db, base, { claims: 1, payments: 1, adjustments: 1, finalizedNotes: 1, charges: 1 });
      const [r] = await deleteSessions(t.db, [id], opts);
      expect(r?.outcome).toBe('blocked');
      expect(r?.reasons.map((x) => x.code)).toEqual(['BILLED_TO_INSURANCE', 'PAYMENTS_POSTED', 'ADJUSTMENTS_POSTED', 'FINALIZED_NOTE']);
      for (const table of ['claims', 'payments', 'adjustments', 'notes', 'charges']) {
        expect(await countRows(t.db, table, { session_id: id })).toBe(1);
      }
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });

    it('says not-found for a missing id and still deletes the others, each with its own audit row', async () => {
      const a = await makeSession(t.db, base, { start: '08:00' });
      const b = await makeSession(t.db, base, { start: '08:30', claims: 1 });
      const results = await deleteSessions(t.db, [a, 999999, b, a], opts);
      expect(results.map((r) => [r.id, r.outcome])).toEqual([
        [a, 'deleted'],
        [999999, 'not-found'],
        [b, 'blocked'],
      ]);
      expect((await auditRows(t.db)).map((r) => r.session_id)).toEqual([a]);
    });

    it('with dryRun says what would happen and changes nothing', async () => {
      const a = await makeSession(t.db, base, { charges: 1 });
      const b = await makeSession(t.db, base, { payments: 1 });
      const results = await deleteSessions(t.db, [a, b], { ...opts, dryRun: true });
      expect(results.map((r) => r.outcome)).toEqual(['would-delete', 'blocked']);
      expect(await countRows(t.db, 'sessions')).toBe(2);
      expect(await countRows(t.db, 'charges')).toBe(1);
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });

    it('refuses everything on a read-only connection', async () => {
      const id = await makeSession(t.db, base);
      const ro = t.open({ readOnly: true });
      const [d] = await deleteSessions(ro, [id], opts);
      const [c] = await cancelSessions(ro, [id], cancelledClass, opts);
      expect(d?.outcome).toBe('blocked');
      expect(d?.reasons.map((x) => x.code)).toEqual(['READ_ONLY']);
      expect(c?.outcome).toBe('blocked');
      expect(c?.reasons.map((x) => x.code)).toEqual(['READ_ONLY']);
      expect(await countRows(t.db, 'sessions', { id, status: 'scheduled' })).toBe(1);
    });
  });

    it.runIf(engine === 'sqlite')('checkpoints the log once, after the last batch, and puts the setting back (also when interrupted)', async () => {
      const pragma = async (sql: string) => Object.values(((await t.db.knex.raw(sql)) as Array<Record<string, number>>)[0]!);
      const ids = [];
      for (let i = 0; i < 6; i++) ids.push(await makeSession(t.db, base, { charges: 1, start: `0${i}:30` }));
      await t.db.knex.raw('PRAGMA wal_checkpoint(PASSIVE)');
      // Asked after each batch, before the next begins (one connection: in the order asked).
      const during: Array<Promise<number[]>> = [];
      const results = await deleteSessions(t.db, ids.slice(0, 4), {
        ...opts,
        batchSize: 2,
        onProgress: () => during.push(pragma('PRAGMA wal_autocheckpoint')),
      });
      expect(results.map((r) => r.outcome)).toEqual(['deleted', 'deleted', 'deleted', 'deleted']);
      expect(await Promise.all(during)).toEqual([[0], [0]]);
      expect(await pragma('PRAGMA wal_autocheckpoint')).toEqual([1000]);
      // [busy, frames in the log, frames copied into the database]: all of them, by the run itself.
      const [busy, log, copied] = await pragma('PRAGMA wal_checkpoint(PASSIVE)');
      expect(busy).toBe(0);
      expect(log).toBeGreaterThan(0);
      expect(copied).toBe(log);

      const interrupt = new AbortController();
      const run = deleteSessions(t.db, ids.slice(4), { ...opts, batchSize: 1, signal: interrupt.signal, onProgress: () => interrupt.abort() });
      await expect(run).rejects.toMatchObject({ notAttempted: 1 });
      expect(await pragma('PRAGMA wal_autocheckpoint')).toEqual([1000]);
      expect(await countRows(t.db, 'sessions')).toBe(1);
    });

  describe('Apply Cancellation', () => {
    it('sets status, class and cancelled_at, keeps payments, and records before and after', async () => {
      const id = await makeSession(t.db, base, { status: 'confirmed', payments: 1, claims: 1 });
      const noShow = await resolveCancellationClass(t.db, 'NO SHOW');

      const [r] = await cancelSessions(t.db, [id], noShow, { ...opts, reason: 'patient called' });

      expect(r).toMatchObject({ id, outcome: 'cancelled', reasons: [] });
      const row = await t.db.knex('sessions').where({ id }).first();
      expect(row).toMatchObject({ status: 'cancelled', session_class_id: base.classes['No Show'], cancelled_at: '2026-11-27T15:04:05Z' });
      expect(await countRows(t.db, 'payments', { session_id: id })).toBe(1);
      expect(await countRows(t.db, 'claims', { session_id: id })).toBe(1);
      const [audit] = await auditRows(t.db);
      expect(audit).toMatchObject({ actor: 'alice', action: 'session.cancel', session_id: id });
      expect(audit?.detail).toMatchObject({
        reason: 'patient called',
        sessionClass: { id: base.classes['No Show'], name: 'No Show' },
        before: { id, status: 'confirmed', cancelled_at: null },
        after: { status: 'cancelled', session_class_id: base.classes['No Show'], cancelled_at: '2026-11-27T15:04:05Z' },
      });
    });

    it('refuses a session that is already cancelled, and not-found for a missing one', async () => {
      const id = await makeSession(t.db, base, { status: 'cancelled' });
      const results = await cancelSessions(t.db, [id, 424242], cancelledClass, opts);
      expect(results.map((r) => [r.id, r.outcome, r.reasons.map((x) => x.code)])).toEqual([
        [id, 'blocked', ['ALREADY_CANCELLED']],
        [424242, 'not-found', []],
      ]);
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });

    it('with dryRun changes nothing', async () => {
      const id = await makeSession(t.db, base);
      const [r] = await cancelSessions(t.db, [id], cancelledClass, { ...opts, dryRun: true });
      expect(r?.outcome).toBe('would-cancel');
      expect(await countRows(t.db, 'sessions', { id, status: 'scheduled' })).toBe(1);
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });

    it('offers only the active cancellation classes, and refuses the others by name', async () => {
      expect((await activeCancellationClasses(t.db)).map((c) => c.name)).toEqual(['Cancelled', 'No Show']);
      await expect(resolveCancellationClass(t.db, 'Weather Closure')).rejects.toMatchObject({ exitCode: 2 });
      await expect(resolveCancellationClass(t.db, 'Follow-up')).rejects.toMatchObject({ exitCode: 2 });
      await expect(resolveCancellationClass(t.db, 'Nope')).rejects.toMatchObject({ exitCode: 2 });
    });

    it('fails, changing nothing, when the class was deactivated after it was chosen', async () => {
      const id = await makeSession(t.db, base);
      await t.db.knex('session_classes').where({ id: cancelledClass.id }).update({ active: false });
      await expect(cancelSessions(t.db, [id], cancelledClass, opts)).rejects.toMatchObject({ exitCode: 1 });
      expect(await countRows(t.db, 'sessions', { id, status: 'scheduled' })).toBe(1);
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });
  });

  describe('when the facts change after the list was drawn', () => {
    it('refuses the delete of a session whose payment was posted by another connection meanwhile', async () => {
      const id = await makeSession(t.db, base, { charges: 1 });
      const [listed] = await loadListing(t.db, { date: '2026-11-27' });
      expect(listed?.verdict.delete.allowed).toBe(true);

      const other = t.open();
      await other.knex('payments').insert({ session_id: id, amount_cents: 4000, method: 'card', posted_at: '2026-11-27T15:00:00Z' });

      const [r] = await deleteSessions(t.db, [id], opts);
      expect(r?.outcome).toBe('blocked');
      expect(r?.reasons.map((x) => x.code)).toEqual(['PAYMENTS_POSTED']);
      expect(await countRows(t.db, 'sessions', { id })).toBe(1);
      expect(await countRows(t.db, 'charges', { session_id: id })).toBe(1);
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });

    it('waits for a payment being posted at that moment, then sees it and deletes nothing', async () => {
      const id = await makeSession(t.db, base, { charges: 1 });
      const other = t.open();
      const posting = await other.knex.transaction();
      await posting('payments').insert({ session_id: id, amount_cents: 4000, method: 'card', posted_at: '2026-11-27T15:00:00Z' });

      let settled = false;
      const deleting = deleteSessions(t.db, [id], opts).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The delete holds on the other writer's lock instead of reading facts that are about to change.
      expect(settled).toBe(false);
      await posting.commit();

      const [r] = await deleting;
      expect(r?.outcome).toBe('blocked');
      expect(r?.reasons.map((x) => x.code)).toEqual(['PAYMENTS_POSTED']);
      expect(await countRows(t.db, 'sessions', { id })).toBe(1);
      expect(await countRows(t.db, 'payments', { session_id: id })).toBe(1);
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });

    it('refuses the cancellation of a session another administrator cancelled first', async () => {
      const id = await makeSession(t.db, base);
      const other = t.open();
      const [first] = await cancelSessions(other, [id], cancelledClass, { ...opts, actor: 'bob' });
      expect(first?.outcome).toBe('cancelled');
      const [second] = await cancelSessions(t.db, [id], cancelledClass, opts);
      expect(second?.outcome).toBe('blocked');
      expect(second?.reasons.map((x) => x.code)).toEqual(['ALREADY_CANCELLED']);
      expect((await auditRows(t.db)).map((r) => r.actor)).toEqual(['bob']);
    });

    it('says not-found when another administrator deleted the session first', async () => {
      const id = await makeSession(t.db, base);
      const [first] = await deleteSessions(t.open(), [id], { ...opts, actor: 'bob' });
      expect(first?.outcome).toBe('deleted');
      const [second] = await deleteSessions(t.db, [id], opts);
      expect(second?.outcome).toBe('not-found');
      expect(await countRows(t.db, 'audit_log')).toBe(1);
    });
  });
});
