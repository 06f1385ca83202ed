// Confirm, Revert Cancellation, Restore and charge removal as the commands and screens use them: one
// transaction that locks, reloads, decides again, changes and audits. Run on both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, setMode, type BaseIds } from '../helpers/fixtures.js';
import { cancelSessions, deleteSessions, resolveCancellationClass } from '../../src/actions/sessions.js';
import { confirmSessions } from '../../src/actions/confirm.js';
import { resolveRevertClass, sessionsNeedingClass, uncancelSessions } from '../../src/actions/uncancel.js';
import { restoreSessions } from '../../src/actions/restore.js';
import { removeCharges } from '../../src/actions/charges.js';
import { UsageError } from '../../src/domain/errors.js';
import type { Db } from '../../src/store/connection.js';

const AT = new Date('2026-11-27T15:04:05Z');
const opts = { actor: 'alice', clock: () => AT };

interface AuditRow {
  id: number;
  action: string;
  actor: string;
  session_id: number;
  detail: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function auditRows(db: Db, action?: string): Promise<AuditRow[]> {
  const qb = db.knex('audit_log').select('*').orderBy('id');
  if (action) qb.where({ action });
  const rows = await qb;
  return rows.map((r) => ({ ...r, id: Number(r.id), session_id: Number(r.session_id), detail: JSON.parse(r.detail as string) }));
}

async function sessionRow(db: Db, id: number): Promise<Record<string, unknown> | undefined> {
  return db.knex('sessions').where({ id }).first();
}

/** Every live (not cancelled) session of a slot. */
async function liveInSlot(db: Db, base: BaseIds, start = '09:00'): Promise<number[]> {
  const rows = await db
    .knex('sessions')
    .where({ patient_id: base.patients[0], provider_id: base.providers[0], scheduled_date: '2026-11-27', start_time: start })
    .whereNot('status', 'cancelled')
    .orderBy('id');
  return rows.map((r) => Number(r.id));
}

describe.each(ENGINES)('corrections on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
  });
  afterEach(async () => t.dispose());

  describe('Confirm', () => {
    it('confirms a visit held today: status, confirmed_at now, and an audit row with the row before', async () => {
      const id = await makeSession(t.db, base);
      const [r] = await confirmSessions(t.db, [id], { ...opts, reason: 'billing check' });
      expect(r).toMatchObject({ id, outcome: 'confirmed', reasons: [] });
      expect(await sessionRow(t.db, id)).toMatchObject({ status: 'confirmed', confirmed_at: '2026-11-27T15:04:05Z' });
      const [audit, ...more] = await auditRows(t.db);
      expect(more).toEqual([]);
      expect(audit).toMatchObject({ action: 'session.confirm', actor: 'alice', session_id: id });
      expect(audit!.detail).toMatchObject({ reason: 'billing check', before: { status: 'scheduled', confirmed_at: null }, after: { status: 'confirmed' } });
    });

    it('refuses confirmed, cancelled and future sessions with their codes, reports unknown ids, and changes nothing for them', async () => {
      const confirmed = await makeSession(t.db, base, { status: 'confirmed', start: '10:00' });
      const cancelled = await makeSession(t.db, base, { status: 'cancelled', start: '11:00' });
      const future = await makeSession(t.db, base, { date: '2026-11-28' });
      const ok = await makeSession(t.db, base, { date: '2026-11-20' });
      const results = await confirmSessions(t.db, [confirmed, cancelled, future, 999999, ok], opts);
      expect(results.map((r) => [r.id, r.outcome, r.reasons.map((x) => x.code)])).toEqual([
        [confirmed, 'blocked', ['ALREADY_CONFIRMED']],
        [cancelled, 'blocked', ['SESSION_CANCELLED']],
        [future, 'blocked', ['NOT_YET_HELD']],
        [999999, 'not-found', []],
        [ok, 'confirmed', []],
      ]);
      expect((await sessionRow(t.db, future))?.status).toBe('scheduled');
      expect((await auditRows(t.db)).map((a) => a.session_id)).toEqual([ok]);
    });

    it("the practice's day decides NOT_YET_HELD: late evening in its zone is still that day", async () => {
      await t.db.knex('settings').insert({ key: 'time_zone', value: 'America/Los_Angeles' });
      const tomorrowUtc = await makeSession(t.db, base, { date: '2026-11-28' });
      // 02:00 UTC on the 28th is the evening of the 27th in California.
      const [r] = await confirmSessions(t.db, [tomorrowUtc], { ...opts, dryRun: true, clock: () => new Date('2026-11-28T02:00:00Z') });
      expect(r?.reasons.map((x) => x.code)).toEqual(['NOT_YET_HELD']);
      const [later] = await confirmSessions(t.db, [tomorrowUtc], { ...opts, dryRun: true, clock: () => new Date('2026-11-28T09:00:00Z') });
      expect(later?.outcome).toBe('would-confirm');
    });

    it('a dry run and a read-only database change nothing', async () => {
      const id = await makeSession(t.db, base);
      expect((await confirmSessions(t.db, [id], { ...opts, dryRun: true }))[0]?.outcome).toBe('would-confirm');
      const ro = t.open({ readOnly: true });
      expect((await confirmSessions(ro, [id], opts))[0]?.reasons.map((r) => r.code)).toEqual(['READ_ONLY']);
      expect((await sessionRow(t.db, id))?.status).toBe('scheduled');
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });
  });

  describe('Revert Cancellation', () => {
    it('puts back the status and class that its cancellation recorded, and clears cancelled_at', async () => {
      const id = await makeSession(t.db, base, { status: 'confirmed', classId: base.classes['Follow-up'] });
      const noShow = await resolveCancellationClass(t.db, 'No Show');
      await cancelSessions(t.db, [id], noShow, opts);
      expect(await sessionsNeedingClass(t.db, [id])).toEqual([]);

      const [r] = await uncancelSessions(t.db, [id], { ...opts, reason: 'wrong visit' });

      expect(r).toMatchObject({ id, outcome: 'uncancelled', reasons: [] });
      expect(await sessionRow(t.db, id)).toMatchObject({
        status: 'confirmed',
        session_class_id: base.classes['Follow-up'],
        cancelled_at: null,
        confirmed_at: '2026-11-27T10:00:00Z',
      });
      const [cancel] = await auditRows(t.db, 'session.cancel');
      const [revert] = await auditRows(t.db, 'session.uncancel');
      expect(revert).toMatchObject({ session_id: id, actor: 'alice' });
      expect(revert!.detail).toMatchObject({
        reason: 'wrong visit',
        cancellationAuditId: cancel!.id,
        before: { status: 'cancelled', session_class_id: noShow.id },
        after: { status: 'confirmed', session_class_id: base.classes['Follow-up'], cancelled_at: null },
      });
    });

    it('a session cancelled by another program needs a class: a usage error naming the valid ones, nothing changed', async () => {
      const id = await makeSession(t.db, base, { status: 'cancelled' });
      expect(await sessionsNeedingClass(t.db, [id])).toEqual([id]);
      for (const dryRun of [true, false]) {
        const err = await uncancelSessions(t.db, [id], { ...opts, dryRun }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UsageError);
        expect((err as UsageError).message).toContain('--class');
        expect((err as UsageError).hint).toBe('Use one of: "Follow-up".');
      }
      expect((await sessionRow(t.db, id))?.status).toBe('cancelled');
      expect(await countRows(t.db, 'audit_log')).toBe(0);

      await expect(resolveRevertClass(t.db, 'No Show')).rejects.toThrow(/is a cancellation class/);
      const followUp = await resolveRevertClass(t.db, 'follow-up');
      const [r] = await uncancelSessions(t.db, [id], { ...opts, sessionClass: followUp });
      expect(r?.outcome).toBe('uncancelled');
      expect(await sessionRow(t.db, id)).toMatchObject({ status: 'scheduled', session_class_id: followUp.id, cancelled_at: null });
    });

    it('a session confirmed before another program cancelled it goes back to confirmed', async () => {
      const id = await makeSession(t.db, base, { status: 'cancelled' });
      await t.db.knex('sessions').where({ id }).update({ confirmed_at: '2026-11-27T10:00:00Z' });
      await uncancelSessions(t.db, [id], { ...opts, sessionClass: await resolveRevertClass(t.db, 'Follow-up') });
      expect((await sessionRow(t.db, id))?.status).toBe('confirmed');
    });

    it('WOULD_DUPLICATE names the live session in the slot; two cancelled copies reverted together bring back one', async () => {
      const live = await makeSession(t.db, base);
      const cancelled = await makeSession(t.db, base, { status: 'cancelled' });
      const [r] = await uncancelSessions(t.db, [cancelled], { ...opts, sessionClass: await resolveRevertClass(t.db, 'Follow-up') });
      expect(r?.outcome).toBe('blocked');
      expect(r?.reasons.map((x) => x.code)).toEqual(['WOULD_DUPLICATE']);
      expect(r?.reasons[0]?.message).toContain(`session ${live}`);
      expect((await sessionRow(t.db, cancelled))?.status).toBe('cancelled');

      const a = await makeSession(t.db, base, { status: 'cancelled', start: '14:00' });
      const b = await makeSession(t.db, base, { status: 'cancelled', start: '14:00' });
      const both = await uncancelSessions(t.db, [a, b], { ...opts, sessionClass: await resolveRevertClass(t.db, 'Follow-up') });
      expect(both.map((x) => x.outcome)).toEqual(['uncancelled', 'blocked']);
      expect(both[1]?.reasons[0]?.message).toContain(`session ${a}`);
      expect(await liveInSlot(t.db, base, '14:00')).toEqual([a]);
    });

    it('NOT_CANCELLED for a session that is not cancelled; not-found for an unknown id', async () => {
      const id = await makeSession(t.db, base);
      const results = await uncancelSessions(t.db, [id, 424242], opts);
      expect(results.map((r) => [r.outcome, r.reasons.map((x) => x.code)])).toEqual([
        ['blocked', ['NOT_CANCELLED']],
        ['not-found', []],
      ]);
    });

    it('an uncancel racing a cancel of the same slot never leaves two live sessions, and each change has its audit row', async () => {
      const followUp = await resolveRevertClass(t.db, 'Follow-up');
      const cancelledClass = await resolveCancellationClass(t.db, 'Cancelled');
      for (let round = 0; round < 4; round++) {
        const start = `1${round}:30`;
        const a = await makeSession(t.db, base, { start });
        const b = await makeSession(t.db, base, { start });
        await cancelSessions(t.db, [a], cancelledClass, opts);
        // Separate connections, as two administrators would have.
        const one = t.open();
        const two = t.open();
        const [cancel, revert] = await Promise.all([
          cancelSessions(one, [b], cancelledClass, opts),
          uncancelSessions(two, [a], { ...opts, sessionClass: followUp }),
        ]);
        expect(cancel[0]?.outcome).toBe('cancelled');
        expect(['uncancelled', 'blocked']).toContain(revert[0]?.outcome);
        const live = await liveInSlot(t.db, base, start);
        expect(live.length).toBeLessThanOrEqual(1);
        expect(live).toEqual(revert[0]?.outcome === 'uncancelled' ? [a] : []);
        expect(await countRows(t.db, 'audit_log', { action: 'session.uncancel', session_id: a })).toBe(revert[0]?.outcome === 'uncancelled' ? 1 : 0);
      }
    });

    it('two reverts of copies of one visit, at once from two connections, bring back at most one', async () => {
      const followUp = await resolveRevertClass(t.db, 'Follow-up');
      const a = await makeSession(t.db, base, { status: 'cancelled', start: '16:00' });
      const b = await makeSession(t.db, base, { status: 'cancelled', start: '16:00' });
      const results = await Promise.all([
        uncancelSessions(t.open(), [a], { ...opts, sessionClass: followUp }),
        uncancelSessions(t.open(), [b], { ...opts, sessionClass: followUp }),
      ]);
      expect(results.map((r) => r[0]?.outcome).sort()).toEqual(['blocked', 'uncancelled']);
      expect(await liveInSlot(t.db, base, '16:00')).toHaveLength(1);
    });
  });

  describe('Restore', () => {
    it('puts back the session, its charges and draft notes with their original ids, and audits it', async () => {
      const id = await makeSession(t.db, base, { charges: 2, draftNotes: 1, status: 'confirmed', classId: base.classes['Follow-up'] });
      const before = await sessionRow(t.db, id);
      const charges = await t.db.knex('charges').where({ session_id: id }).orderBy('id');
      const notes = await t.db.knex('notes').where({ session_id: id }).orderBy('id');
      await deleteSessions(t.db, [id], opts);
      expect(await countRows(t.db, 'sessions', { id })).toBe(0);

      expect((await restoreSessions(t.db, [id], { ...opts, dryRun: true }))[0]?.outcome).toBe('would-restore');
      expect(await countRows(t.db, 'sessions', { id })).toBe(0);

      const [r] = await restoreSessions(t.db, [id], { ...opts, reason: 'deleted the wrong one' });
      expect(r).toMatchObject({ id, outcome: 'restored', reasons: [] });
      expect(r?.session?.patient.name).toBe('Ada Lovelace');
      expect(await sessionRow(t.db, id)).toEqual(before);
      expect(await t.db.knex('charges').where({ session_id: id }).orderBy('id')).toEqual(charges);
      expect(await t.db.knex('notes').where({ session_id: id }).orderBy('id')).toEqual(notes);
      const [deletion] = await auditRows(t.db, 'session.delete');
      const [restore] = await auditRows(t.db, 'session.restore');
      expect(restore).toMatchObject({ session_id: id, actor: 'alice' });
      expect(restore!.detail).toMatchObject({ reason: 'deleted the wrong one', deletionAuditId: deletion!.id, addendum: null });
      expect(restore!.detail.restored.charges).toHaveLength(2);

      // Ordinary inserts afterwards get fresh ids (on PostgreSQL the sequences were moved past the restored rows).
      const next = await makeSession(t.db, base, { start: '12:00', charges: 1, draftNotes: 1 });
      expect(next).toBeGreaterThan(id);
      const again = await restoreSessions(t.db, [id], opts);
      expect(again[0]?.reasons.map((x) => x.code)).toEqual(['SESSION_EXISTS']);
    });

    it('an id with no logged deletion is not-found', async () => {
      const [r] = await restoreSessions(t.db, [31337], opts);
      expect(r).toMatchObject({ id: 31337, outcome: 'not-found' });
      expect(r?.notFound).toContain('no deletion of session 31337');
    });

    it('on PostgreSQL a restored id above the sequence moves the sequence past it', async () => {
      // Another program inserted with an explicit id beyond the sequence, and that session was deleted.
      const high = 5000;
      await t.db.knex('sessions').insert({
        id: high, patient_id: base.patients[0], provider_id: base.providers[0], location_id: null, scheduled_date: '2026-11-27',
        start_time: '17:00', duration_minutes: 45, status: 'scheduled', session_class_id: null, confirmed_at: null,
        cancelled_at: null, created_at: '2026-11-01T00:00:00Z',
      });
      await deleteSessions(t.db, [high], opts);
      await restoreSessions(t.db, [high], opts);
      const next = await makeSession(t.db, base, { start: '18:00' });
      expect(next).toBeGreaterThan(high);
    });

    it('refuses with WOULD_DUPLICATE when a new session was entered in the slot after the preview, and restores nothing', async () => {
      const id = await makeSession(t.db, base, { charges: 1, draftNotes: 1 });
      await deleteSessions(t.db, [id], opts);
      expect((await restoreSessions(t.db, [id], { ...opts, dryRun: true }))[0]?.outcome).toBe('would-restore');
      const newcomer = await makeSession(t.db, base);
      const [r] = await restoreSessions(t.db, [id], opts);
      expect(r?.outcome).toBe('blocked');
      expect(r?.reasons.map((x) => x.code)).toEqual(['WOULD_DUPLICATE']);
      expect(r?.reasons[0]?.message).toContain(`session ${newcomer}`);
      expect(await countRows(t.db, 'sessions', { id })).toBe(0);
      expect(await countRows(t.db, 'charges', { session_id: id })).toBe(0);
      expect(await countRows(t.db, 'notes', { session_id: id })).toBe(0);
      expect(await countRows(t.db, 'audit_log', { action: 'session.restore' })).toBe(0);
    });

    it('a restore racing a new session entered in the same slot: restored whole or not at all, and never two of ours live', async () => {
      for (let round = 0; round < 3; round++) {
        const start = `0${round + 6}:00`;
        const id = await makeSession(t.db, base, { start, charges: 2, draftNotes: 1 });
        await deleteSessions(t.db, [id], opts);
        const other = t.open();
        const [restored] = await Promise.all([
          restoreSessions(t.open(), [id], opts),
          makeSession(other, base, { start }),
        ]);
        const outcome = restored[0]?.outcome;
        expect(['restored', 'blocked']).toContain(outcome);
        const present = await countRows(t.db, 'sessions', { id });
        expect(present).toBe(outcome === 'restored' ? 1 : 0);
        expect(await countRows(t.db, 'charges', { session_id: id })).toBe(outcome === 'restored' ? 2 : 0);
        expect(await countRows(t.db, 'notes', { session_id: id })).toBe(outcome === 'restored' ? 1 : 0);
        if (outcome === 'blocked') expect(restored[0]?.reasons.map((x) => x.code)).toEqual(['WOULD_DUPLICATE']);
      }
    });

    it('a restore whose patient was removed afterwards is refused with MISSING_REFERENCE, nothing half-restored', async () => {
      const patient = base.patients[2]!;
      const id = await makeSession(t.db, base, { patientId: patient, charges: 1, draftNotes: 1 });
      await deleteSessions(t.db, [id], opts);
      await t.db.knex('patients').where({ id: patient }).delete();
      const [r] = await restoreSessions(t.db, [id], opts);
      expect(r?.outcome).toBe('blocked');
      expect(r?.reasons.map((x) => x.code)).toEqual(['MISSING_REFERENCE']);
      expect(r?.reasons[0]?.message).toContain(`its patient (id ${patient})`);
      expect(await countRows(t.db, 'sessions', { id })).toBe(0);
      expect(await countRows(t.db, 'charges', { session_id: id })).toBe(0);
      expect(await countRows(t.db, 'notes', { session_id: id })).toBe(0);
    });

    it('webpt: a pending addendum is withdrawn; a completed one is warned about and left', async () => {
      await setMode(t.db, 'webpt');
      const pending = await makeSession(t.db, base, { finalizedNotes: 1 });
      const done = await makeSession(t.db, base, { start: '10:00' });
      const [d1, d2] = await deleteSessions(t.db, [pending, done], opts);
      await t.db.knex('addenda').where({ id: d2!.addendumId }).update({ completed_at: '2026-11-27T16:00:00Z', completed_by: 'bob' });

      const preview = await restoreSessions(t.db, [pending, done], { ...opts, dryRun: true });
      expect(preview.map((r) => r.warnings?.map((w) => w.code) ?? [])).toEqual([[], ['ADDENDUM_ALREADY_COMPLETED']]);
      expect((await t.db.knex('addenda').where({ id: d1!.addendumId }).first()).withdrawn_at).toBeNull();

      const results = await restoreSessions(t.db, [pending, done], opts);
      expect(results.map((r) => r.outcome)).toEqual(['restored', 'restored']);
      expect(results[1]?.warnings?.[0]?.message).toContain(`addendum ${d2!.addendumId}`);
      expect(results[1]?.warnings?.[0]?.message).toContain('by bob');
      const a1 = await t.db.knex('addenda').where({ id: d1!.addendumId }).first();
      const a2 = await t.db.knex('addenda').where({ id: d2!.addendumId }).first();
      expect(a1).toMatchObject({ withdrawn_at: '2026-11-27T15:04:05Z', completed_at: null });
      expect(a2).toMatchObject({ withdrawn_at: null, completed_by: 'bob' });
      // The finalized note came back with the session.
      expect(await countRows(t.db, 'notes', { session_id: pending, status: 'finalized' })).toBe(1);
    });
  });

  describe('Charges', () => {
    it('removes a charge of a billed session, snapshots it, and warns that a corrected claim is needed', async () => {
      const id = await makeSession(t.db, base, { claims: 1, charges: 2 });
      const [charge] = await t.db.knex('charges').where({ session_id: id }).orderBy('id');
      const claim = await t.db.knex('claims').where({ session_id: id }).first();
      const [r] = await removeCharges(t.db, [Number(charge.id)], { ...opts, reason: 'entered twice' });
      expect(r).toMatchObject({ id: Number(charge.id), outcome: 'removed', subject: `charge ${charge.id}` });
      expect(r?.warnings?.map((w) => w.code)).toEqual(['CORRECTED_CLAIM_NEEDED']);
      expect(r?.warnings?.[0]?.message).toContain(`claim ${claim.id} to Aetna`);
      expect(await countRows(t.db, 'charges', { session_id: id })).toBe(1);
      const [audit] = await auditRows(t.db, 'charge.remove');
      expect(audit).toMatchObject({ session_id: id, actor: 'alice' });
      expect(audit!.detail.reason).toBe('entered twice');
      expect(audit!.detail.removed.charges).toEqual([expect.objectContaining({ id: charge.id, cpt_code: '97110', amount_cents: 7000 })]);
      expect(audit!.detail.claims).toEqual([expect.objectContaining({ payer: 'Aetna' })]);
    });

    it('no warning for an unbilled session; not-found ids; dry run and read-only change nothing', async () => {
      const id = await makeSession(t.db, base, { charges: 1 });
      const [charge] = await t.db.knex('charges').where({ session_id: id });
      const cid = Number(charge.id);
      const dry = await removeCharges(t.db, [cid, 777777], { ...opts, dryRun: true });
      expect(dry.map((r) => r.outcome)).toEqual(['would-remove', 'not-found']);
      expect(dry[0]?.warnings).toEqual([]);
      const ro = await removeCharges(t.open({ readOnly: true }), [cid], opts);
      expect(ro[0]?.reasons.map((x) => x.code)).toEqual(['READ_ONLY']);
      expect(await countRows(t.db, 'charges', { id: cid })).toBe(1);
      expect((await removeCharges(t.db, [cid], opts))[0]?.outcome).toBe('removed');
      expect((await removeCharges(t.db, [cid], opts))[0]?.outcome).toBe('not-found');
    });
  });
});
