// The remedies and records behind issue 5, on both engines: removing payments and adjustments (and
// what the rules then say), session classes, settings, addenda, and reading the audit trail and the
// cancellation counts back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, setMode, type BaseIds } from '../helpers/fixtures.js';
import { removePayments } from '../../src/actions/payments.js';
import { removeAdjustments } from '../../src/actions/adjustments.js';
import { addClass, setClassActivity } from '../../src/actions/classes.js';
import { changeSetting, readSettings } from '../../src/actions/settings.js';
import { completeAddenda } from '../../src/actions/addenda.js';
import { deleteSessions } from '../../src/actions/sessions.js';
import { listAddenda } from '../../src/store/addenda.js';
import { getAudit, listAudit } from '../../src/store/audit.js';
import { cancellationCounts } from '../../src/store/reports.js';
import { CliError } from '../../src/domain/errors.js';
import type { Db } from '../../src/store/connection.js';
import { machineZone } from '../../src/domain/days.js';

const AT = new Date('2026-11-27T15:04:05Z');
const opts = { actor: 'alice', clock: () => AT };

type Detail = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function auditRows(db: Db): Promise<Array<{ id: number; actor: string; action: string; session_id: number | null; detail: Detail }>> {
  const rows = await db.knex('audit_log').select('*').orderBy('id');
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    session_id: r.session_id === null ? null : Number(r.session_id),
    detail: JSON.parse(r.detail as string) as Detail,
  }));
}

async function idsOf(db: Db, table: string, sessionId: number): Promise<number[]> {
  return (await db.knex(table).where({ session_id: sessionId }).orderBy('id').select('id')).map((r) => Number(r.id));
}

/** The error a promise rejects with, for its exit status and words. */
async function failure(p: Promise<unknown>): Promise<CliError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
  throw new Error('expected a refusal, but it succeeded');
}

describe.each(ENGINES)('records and remedies on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
  });
  afterEach(async () => t.dispose());

  describe('removing payments and adjustments', () => {
    it('removes the payments, audits each with a copy of its row, and reports the session deletable', async () => {
      const id = await makeSession(t.db, base, { status: 'confirmed', payments: 2, charges: 1 });
      const [p1, p2] = (await idsOf(t.db, 'payments', id)) as [number, number];
      const before = await t.db.knex('payments').where({ id: p1 }).first();

      const report = await removePayments(t.db, [p1, p2], { ...opts, reason: 'posted to the wrong visit' });

      expect(report.results.map((r) => [r.id, r.outcome])).toEqual([
        [p1, 'removed'],
        [p2, 'removed'],
      ]);
      expect(report.sessions).toEqual([expect.objectContaining({ id, deletable: true, reasons: [] })]);
      expect(await countRows(t.db, 'payments', { session_id: id })).toBe(0);
      expect(await countRows(t.db, 'charges', { session_id: id })).toBe(1);
      const audit = await auditRows(t.db);
      expect(audit.map((a) => [a.action, a.session_id, a.actor])).toEqual([
        ['payment.remove', id, 'alice'],
        ['payment.remove', id, 'alice'],
      ]);
      expect(audit[0]?.detail.removed.payments).toEqual([before]);
      expect(audit[0]?.detail.reason).toBe('posted to the wrong visit');
      expect(audit[0]?.detail.session.id).toBe(id);
      // The session really is deletable now: the delete action agrees.
      expect((await deleteSessions(t.db, [id], opts))[0]?.outcome).toBe('deleted');
    });

    it('processes the ids it finds, reports the rest not found, and names what still blocks each session', async () => {
      const both = await makeSession(t.db, base, { status: 'confirmed', payments: 1, adjustments: 1, start: '09:00' });
      const billed = await makeSession(t.db, base, { status: 'confirmed', payments: 1, claims: 1, start: '10:00' });
      const [pBoth] = (await idsOf(t.db, 'payments', both)) as [number];
      const [pBilled] = (await idsOf(t.db, 'payments', billed)) as [number];

      const report = await removePayments(t.db, [pBilled, 999_999, pBoth, pBoth], opts);

      expect(report.results.map((r) => [r.id, r.outcome])).toEqual([
        [pBilled, 'removed'],
        [999_999, 'not-found'],
        [pBoth, 'removed'],
      ]);
      const byId = new Map(report.sessions.map((s) => [s.id, s]));
      expect(byId.get(both)?.deletable).toBe(false);
      expect(byId.get(both)?.reasons.map((r) => r.code)).toEqual(['ADJUSTMENTS_POSTED']);
      expect(byId.get(both)?.reasons[0]?.command).toBe(`sessionctl adjustments list ${both}`);
      expect(byId.get(billed)?.reasons.map((r) => r.code)).toEqual(['BILLED_TO_INSURANCE']);
      expect(await countRows(t.db, 'payments')).toBe(0);
      expect(await countRows(t.db, 'audit_log', { action: 'payment.remove' })).toBe(2);

      const [adj] = (await idsOf(t.db, 'adjustments', both)) as [number];
      const adjRow = await t.db.knex('adjustments').where({ id: adj }).first();
      const second = await removeAdjustments(t.db, [adj], opts);
      expect(second.sessions).toEqual([expect.objectContaining({ id: both, deletable: true })]);
      const last = (await auditRows(t.db)).at(-1);
      expect(last?.action).toBe('adjustment.remove');
      expect(last?.detail.removed.adjustments).toEqual([adjRow]);
    });

    it('asks the rules with the practice mode: a finalized note blocks in standalone, not in webpt', async () => {
      const standalone = await makeSession(t.db, base, { status: 'confirmed', payments: 1, finalizedNotes: 1 });
      const r1 = await removePayments(t.db, await idsOf(t.db, 'payments', standalone), opts);
      expect(r1.sessions[0]?.reasons.map((r) => r.code)).toEqual(['FINALIZED_NOTE']);

      await setMode(t.db, 'webpt');
      const webpt = await makeSession(t.db, base, { status: 'confirmed', payments: 1, finalizedNotes: 1, start: '11:00' });
      const r2 = await removePayments(t.db, await idsOf(t.db, 'payments', webpt), opts);
      expect(r2.sessions[0]?.deletable).toBe(true);
    });

    it('refuses on a read-only database before touching anything (exit 2)', async () => {
      const id = await makeSession(t.db, base, { payments: 1 });
      const ids = await idsOf(t.db, 'payments', id);
      const ro = t.open({ readOnly: true });
      const err = await failure(removePayments(ro, ids, opts));
      expect(err.exitCode).toBe(2);
      expect(err.message).toMatch(/read-only/);
      expect(await countRows(t.db, 'payments')).toBe(1);
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });

    it('reports every id not found when none exists, writing nothing', async () => {
      const report = await removeAdjustments(t.db, [41, 42], opts);
      expect(report.results.map((r) => r.outcome)).toEqual(['not-found', 'not-found']);
      expect(report.sessions).toEqual([]);
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });
  });

  describe('session classes', () => {
    it('adds a class with an audit row; a name that differs only in case is refused (exit 2)', async () => {
      const name = `Patient "Sick" Day — días`;
      const added = await addClass(t.db, name, true, opts);
      expect(added.sessionClass).toEqual(expect.objectContaining({ name, isCancellation: true, active: true }));
      const row = await t.db.knex('session_classes').where({ id: added.sessionClass.id }).first();
      expect(row.name).toBe(name);
      const audit = await auditRows(t.db);
      expect(audit.map((a) => [a.action, a.session_id])).toEqual([['class.add', null]]);
      expect(audit[0]?.detail.after.name).toBe(name);

      const dup = await failure(addClass(t.db, 'no show', false, opts));
      expect(dup.exitCode).toBe(2);
      expect(dup.message).toContain('"No Show" already exists');
      const inactive = await failure(addClass(t.db, 'WEATHER CLOSURE', true, opts));
      expect(inactive.hint).toContain('sessionctl classes reactivate "Weather Closure"');
      expect(await countRows(t.db, 'audit_log')).toBe(1);
    });

    it('deactivates a class that sessions use without deleting it, and reactivates it', async () => {
      const cls = base.classes['No Show'] as number;
      const s = await makeSession(t.db, base, { status: 'cancelled', classId: cls });

      const off = await setClassActivity(t.db, 'no show', false, opts);
      expect(off).toEqual(expect.objectContaining({ changed: true, sessions: 1, cancellationAvailable: true }));
      expect(await countRows(t.db, 'session_classes', { id: cls })).toBe(1);
      expect((await t.db.knex('sessions').where({ id: s }).first()).session_class_id).toBe(cls);
      const [entry] = await auditRows(t.db);
      expect(entry?.action).toBe('class.deactivate');
      expect(Boolean(entry?.detail.before.active)).toBe(true);
      expect(Boolean(entry?.detail.after.active)).toBe(false);

      const again = await setClassActivity(t.db, 'No Show', false, opts);
      expect(again.changed).toBe(false);
      expect(await countRows(t.db, 'audit_log')).toBe(1);

      const on = await setClassActivity(t.db, 'No Show', true, opts);
      expect(on.changed).toBe(true);
      expect((await auditRows(t.db)).at(-1)?.action).toBe('class.reactivate');
    });

    it('says when no active cancellation class remains, and refuses an unknown class (exit 2)', async () => {
      await setClassActivity(t.db, 'Cancelled', false, opts);
      const last = await setClassActivity(t.db, 'No Show', false, opts);
      expect(last.cancellationAvailable).toBe(false);
      const err = await failure(setClassActivity(t.db, 'Holiday', false, opts));
      expect(err.exitCode).toBe(2);
      expect(err.hint).toContain('"Cancelled"');
    });
  });

  describe('settings', () => {
    it('reads the default when absent, sets integration_mode with an audit row, and ignores a repeat', async () => {
      expect(await readSettings(t.db)).toEqual([
        { key: 'integration_mode', value: 'standalone', isDefault: true },
        { key: 'time_zone', value: machineZone(), isDefault: true },
      ]);
      const change = await changeSetting(t.db, 'integration_mode', 'webpt', opts);
      expect(change).toEqual(expect.objectContaining({ before: 'standalone', after: 'webpt', changed: true }));
      const [entry] = await auditRows(t.db);
      expect(entry).toEqual(expect.objectContaining({ action: 'settings.set', session_id: null }));
      expect(entry?.detail).toEqual({ key: 'integration_mode', before: null, after: 'webpt' });
      expect(await readSettings(t.db)).toEqual([
        { key: 'integration_mode', value: 'webpt', isDefault: false },
        { key: 'time_zone', value: machineZone(), isDefault: true },
      ]);
      expect((await changeSetting(t.db, 'integration_mode', 'webpt', opts)).changed).toBe(false);
      expect(await countRows(t.db, 'audit_log')).toBe(1);
    });

    it('refuses values and keys it does not know, and any write when read-only (exit 2)', async () => {
      const bad = await failure(changeSetting(t.db, 'integration_mode', 'epic', opts));
      expect(bad.exitCode).toBe(2);
      expect(bad.message).toContain('standalone, webpt');
      expect((await failure(changeSetting(t.db, 'theme', 'dark', opts))).exitCode).toBe(2);
      const ro = t.open({ readOnly: true });
      expect((await failure(changeSetting(ro, 'integration_mode', 'webpt', opts))).exitCode).toBe(2);
      expect(await readSettings(ro)).toEqual([
        { key: 'integration_mode', value: 'standalone', isDefault: true },
        { key: 'time_zone', value: machineZone(), isDefault: true },
      ]);
      expect(await countRows(t.db, 'settings')).toBe(0);
    });
  });

  describe('addenda', () => {
    it('lists the addendum a webpt deletion owes, with who deleted it, and completes it once', async () => {
      await setMode(t.db, 'webpt');
      const id = await makeSession(t.db, base, { date: '2026-11-20', charges: 1 });
      const keep = await makeSession(t.db, base, { date: '2026-11-21' });
      await deleteSessions(t.db, [id], { actor: 'dana', clock: () => new Date('2026-11-26T09:00:00Z') });

      const pending = await listAddenda(t.db, { pending: true });
      expect(pending.total).toBe(1);
      const [a] = pending.addenda;
      expect(a).toEqual(
        expect.objectContaining({
          sessionId: id,
          sessionDate: '2026-11-20',
          patient: { id: base.patients[0], name: 'Ada Lovelace', chartNumber: 'PT-001' },
          deletedAt: '2026-11-26T09:00:00Z',
          deletedBy: 'dana',
          completedAt: null,
        }),
      );

      const done = await completeAddenda(t.db, [a?.id as number, 777], opts);
      expect(done.map((r) => r.outcome)).toEqual(['completed', 'not-found']);
      expect(done[0]?.addendum).toEqual(expect.objectContaining({ completedAt: '2026-11-27T15:04:05Z', completedBy: 'alice' }));
      expect((await listAddenda(t.db, { pending: true })).addenda).toEqual([]);
      const all = await listAddenda(t.db, {});
      expect(all.addenda[0]).toEqual(expect.objectContaining({ completedBy: 'alice', deletedBy: 'dana' }));
      const entry = (await auditRows(t.db)).at(-1);
      expect(entry).toEqual(expect.objectContaining({ action: 'addendum.complete', session_id: id, actor: 'alice' }));
      expect(entry?.detail.before.completed_at).toBeNull();
      expect(entry?.detail.after.completed_by).toBe('alice');

      const twice = await completeAddenda(t.db, [a?.id as number], { actor: 'bob', clock: () => AT });
      expect(twice[0]?.outcome).toBe('already-completed');
      expect(twice[0]?.addendum?.completedBy).toBe('alice');
      expect(await countRows(t.db, 'audit_log', { action: 'addendum.complete' })).toBe(1);
      expect(await countRows(t.db, 'sessions', { id: keep })).toBe(1);
    });
  });

  describe('the audit trail', () => {
    it('filters by session, actor (any case), action or family, and day; newest first with the total', async () => {
      const a = await makeSession(t.db, base, { payments: 2 });
      const b = await makeSession(t.db, base, { adjustments: 1, start: '10:00' });
      const [pa1, pa2] = (await idsOf(t.db, 'payments', a)) as [number, number];
      await removePayments(t.db, [pa1], { actor: 'Alice', clock: () => new Date('2026-11-25T10:00:00Z') });
      await removePayments(t.db, [pa2], { actor: 'bob', clock: () => new Date('2026-11-26T10:00:00Z') });
      await removeAdjustments(t.db, await idsOf(t.db, 'adjustments', b), { actor: 'bob', clock: () => new Date('2026-11-27T10:00:00Z') });
      await changeSetting(t.db, 'integration_mode', 'webpt', { actor: 'alice', clock: () => new Date('2026-11-27T11:00:00Z') });

      const actions = async (f: Parameters<typeof listAudit>[1]) => (await listAudit(t.db, f)).entries.map((e) => e.action);
      expect(await actions({})).toEqual(['settings.set', 'adjustment.remove', 'payment.remove', 'payment.remove']);
      expect(await actions({ sessionId: a })).toEqual(['payment.remove', 'payment.remove']);
      expect(await actions({ actor: 'ALICE' })).toEqual(['settings.set', 'payment.remove']);
      expect(await actions({ action: 'payment' })).toEqual(['payment.remove', 'payment.remove']);
      expect(await actions({ action: 'adjustment.remove' })).toEqual(['adjustment.remove']);
      expect(await actions({ action: 'payment.rem' })).toEqual([]);
      expect(await actions({ fromAt: '2026-11-26T00:00:00Z', beforeAt: '2026-11-27T00:00:00Z' })).toEqual(['payment.remove']);

      const limited = await listAudit(t.db, { limit: 2 });
      expect(limited.total).toBe(4);
      expect(limited.entries).toHaveLength(2);

      const first = (await listAudit(t.db, { actor: 'alice', action: 'payment' })).entries[0];
      const whole = await getAudit(t.db, first?.id as number);
      expect(whole?.detail).toEqual(expect.objectContaining({ removed: { payments: [expect.objectContaining({ id: pa1 })] } }));
      expect(await getAudit(t.db, 999_999)).toBeNull();
    });
  });

  describe('the cancellation counts', () => {
    it('counts cancelled sessions in the range by class, provider and month', async () => {
      const [rivera, chen] = base.providers as [number, number];
      const ns = base.classes['No Show'];
      const c = base.classes.Cancelled;
      await makeSession(t.db, base, { date: '2026-10-05', status: 'cancelled', classId: ns, providerId: rivera });
      await makeSession(t.db, base, { date: '2026-11-05', status: 'cancelled', classId: ns, providerId: chen });
      await makeSession(t.db, base, { date: '2026-11-06', status: 'cancelled', classId: c, providerId: chen });
      await makeSession(t.db, base, { date: '2026-11-07', status: 'cancelled', classId: null, providerId: chen });
      await makeSession(t.db, base, { date: '2026-11-08', status: 'confirmed', providerId: chen });
      await makeSession(t.db, base, { date: '2026-12-01', status: 'cancelled', classId: c, providerId: rivera });

      const range = { from: '2026-10-01', to: '2026-11-30' };
      const byClass = await cancellationCounts(t.db, 'class', range);
      expect(byClass.map((r) => [r.key, r.count])).toEqual([
        ['No Show', 2],
        ['(no class)', 1],
        ['Cancelled', 1],
      ]);
      const byProvider = await cancellationCounts(t.db, 'provider', range);
      expect(byProvider.map((r) => [r.key, r.id, r.count])).toEqual([
        ['Sam Chen', chen, 3],
        ['Dr. Rivera', rivera, 1],
      ]);
      const byMonth = await cancellationCounts(t.db, 'month', {});
      expect(byMonth.map((r) => [r.key, r.count])).toEqual([
        ['2026-10', 1],
        ['2026-11', 3],
        ['2026-12', 1],
      ]);
    });
  });
});
