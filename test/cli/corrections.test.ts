// The correction commands through the CLI, in process, on both engines and in both integration modes:
// confirm, uncancel, restore, charges, and what explain and delete say about a deleted session.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, setMode, type BaseIds } from '../helpers/fixtures.js';
import { runInProcess, type InProcessResult } from '../helpers/in-process.js';

interface Result {
  id: number;
  outcome: string;
  reasons: Array<{ code: string; message: string; command: string | null }>;
  warnings?: Array<{ code: string; message: string }>;
  sessionId?: number;
  deletion?: { auditId: number; at: string; actor: string };
}

function json<T = { results: Result[] }>(r: InProcessResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
  }
}

describe.each(ENGINES)('correction commands on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  const cli = (...args: string[]) => runInProcess([...args, '--db', t.location]);

  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
  });
  afterEach(async () => t.dispose());

  describe.each(['standalone', 'webpt'] as const)('%s', (mode) => {
    beforeEach(async () => setMode(t.db, mode));

    it('confirm: one outcome per session, exit 3 when one is refused, --yes needed off a terminal', async () => {
      const held = await makeSession(t.db, base);
      const future = await makeSession(t.db, base, { date: '2026-12-01' });
      const noYes = await cli('confirm', String(held), '--json');
      expect(noYes.code).toBe(2);
      expect(noYes.stderr).toContain('--yes');
      expect((await t.db.knex('sessions').where({ id: held }).first()).status).toBe('scheduled');

      const dry = await cli('confirm', String(held), String(future), '--dry-run', '--json');
      expect(dry.code).toBe(3);
      expect(json(dry).results.map((r) => [r.outcome, r.reasons.map((x) => x.code)])).toEqual([
        ['would-confirm', []],
        ['blocked', ['NOT_YET_HELD']],
      ]);
      const done = await cli('confirm', String(held), String(future), '--yes', '--json');
      expect(done.code).toBe(3);
      expect(json(done).results.map((r) => r.outcome)).toEqual(['confirmed', 'blocked']);
      expect(await t.db.knex('sessions').where({ id: held }).first()).toMatchObject({ status: 'confirmed', confirmed_at: '2026-11-27T12:00:00Z' });
      const human = await cli('confirm', String(held), '--yes');
      expect(human.code).toBe(3);
      expect(human.stdout).toContain(`session ${held}`);
      expect(human.stdout).toContain('ALREADY_CONFIRMED');
    });

    it('uncancel: back to what the cancellation recorded; a class needed where none is recorded (exit 2, naming them)', async () => {
      const ours = await makeSession(t.db, base, { classId: base.classes['Follow-up'] });
      const theirs = await makeSession(t.db, base, { status: 'cancelled', start: '10:00' });
      expect((await cli('cancel', String(ours), '--class', 'No Show', '--yes')).code).toBe(0);

      const needs = await cli('uncancel', String(ours), String(theirs), '--yes', '--json');
      expect(needs.code).toBe(2);
      expect(needs.stdout).toBe('');
      expect(needs.stderr).toContain(`Session ${theirs} was cancelled without a record`);
      expect(needs.stderr).toContain('Use one of: "Follow-up".');
      expect((await t.db.knex('sessions').where({ id: ours }).first()).status).toBe('cancelled');

      const badClass = await cli('uncancel', String(theirs), '--class', 'No Show', '--yes');
      expect(badClass.code).toBe(2);
      expect(badClass.stderr).toContain('is a cancellation class');

      const done = await cli('uncancel', String(ours), String(theirs), '--class', 'Follow-up', '--yes', '--json', '--reason', 'wrong session');
      expect(done.code).toBe(0);
      expect(json(done).results.map((r) => r.outcome)).toEqual(['uncancelled', 'uncancelled']);
      expect(await t.db.knex('sessions').where({ id: ours }).first()).toMatchObject({ status: 'scheduled', session_class_id: base.classes['Follow-up'], cancelled_at: null });
      expect(await countRows(t.db, 'audit_log', { action: 'session.uncancel' })).toBe(2);

      const again = await cli('uncancel', String(ours), '--yes', '--json');
      expect(again.code).toBe(3);
      expect(json(again).results[0]?.reasons.map((r) => r.code)).toEqual(['NOT_CANCELLED']);
    });

    it('restore: delete, restore with its charges and notes, SESSION_EXISTS after; not-found when no deletion is logged', async () => {
      const id = await makeSession(t.db, base, { charges: 2, draftNotes: 1 });
      expect((await cli('delete', String(id), '--yes')).code).toBe(0);
      const dry = await cli('restore', String(id), '--dry-run', '--json');
      expect(json(dry).results[0]?.outcome).toBe('would-restore');
      const done = await cli('restore', String(id), '--yes', '--json');
      expect(done.code).toBe(0);
      expect(json(done).results[0]).toMatchObject({ id, outcome: 'restored', reasons: [] });
      expect(await countRows(t.db, 'charges', { session_id: id })).toBe(2);
      expect(await countRows(t.db, 'notes', { session_id: id })).toBe(1);
      if (mode === 'webpt') {
        expect(await countRows(t.db, 'addenda', { session_id: id, withdrawn_at: null })).toBe(0);
        const owed = await cli('addenda', '--pending', '--json');
        expect(owed.stdout).not.toContain(`"sessionId": ${id}`);
      }
      const again = await cli('restore', String(id), '--yes', '--json');
      expect(again.code).toBe(3);
      expect(json(again).results[0]?.reasons.map((r) => r.code)).toEqual(['SESSION_EXISTS']);

      const never = await cli('restore', '90210', '--yes');
      expect(never.code).toBe(1);
      expect(never.stdout).toContain('The audit log holds no deletion of session 90210');
    });

    it('restore after duplicates --delete puts the removed copy back', async () => {
      const keep = await makeSession(t.db, base, { charges: 1 });
      const copy = await makeSession(t.db, base, { draftNotes: 1 });
      const cleaned = await cli('duplicates', '--delete', '--yes', '--json');
      expect(cleaned.code).toBe(0);
      expect(await countRows(t.db, 'sessions', { id: copy })).toBe(0);
      // The keeper still holds the slot: the copy comes back only once it is out of the way.
      const refused = await cli('restore', String(copy), '--yes', '--json');
      expect(json(refused).results[0]?.reasons.map((r) => [r.code, r.command])).toEqual([['WOULD_DUPLICATE', `sessionctl explain ${keep}`]]);
      expect((await cli('cancel', String(keep), '--class', 'Cancelled', '--yes')).code).toBe(0);
      const restored = await cli('restore', String(copy), '--yes', '--json');
      expect(json(restored).results[0]?.outcome).toBe('restored');
      expect(await countRows(t.db, 'notes', { session_id: copy })).toBe(1);
    });

    it('explain and delete on a deleted id say who deleted it, when, and the audit show and restore commands', async () => {
      const id = await makeSession(t.db, base);
      expect((await cli('delete', String(id), '--yes', '--actor', 'carol')).code).toBe(0);
      const audit = await t.db.knex('audit_log').where({ action: 'session.delete', session_id: id }).first();
      const explained = await cli('explain', String(id));
      expect(explained.code).toBe(1);
      expect(explained.stderr).toContain(`Session ${id} was deleted by carol at 2026-11-27T12:00:00Z.`);
      expect(explained.stderr).toContain(`sessionctl audit show ${audit.id}`);
      expect(explained.stderr).toContain(`sessionctl restore ${id}`);
      const deleted = await cli('delete', String(id), '--yes', '--json');
      expect(deleted.code).toBe(1);
      expect(json(deleted).results[0]).toMatchObject({ outcome: 'not-found', deletion: { auditId: Number(audit.id), actor: 'carol' } });
      const human = await cli('delete', String(id), '--yes');
      expect(human.stdout).toContain(`Session ${id} was deleted by carol`);
      expect(human.stdout).toContain(`sessionctl restore ${id}`);
    });
  });

  it('charges: list with claims, remove with CORRECTED_CLAIM_NEEDED naming payer and claim, audited', async () => {
    const id = await makeSession(t.db, base, { claims: 1, charges: 2 });
    const listed = await cli('charges', 'list', String(id), '--json');
    expect(listed.code).toBe(0);
    const l = json<{ charges: Array<{ id: number; cptCode: string; units: number; amountCents: number }>; claims: Array<{ id: number; payer: string }> }>(listed);
    expect(l.charges).toHaveLength(2);
    expect(l.charges[0]).toMatchObject({ cptCode: '97110', units: 2, amountCents: 7000 });
    expect(l.claims).toEqual([expect.objectContaining({ payer: 'Aetna' })]);
    const human = await cli('charges', 'list', String(id));
    expect(human.stdout).toContain('corrected claim');
    expect(human.stdout).toContain(`sessionctl charges remove ${l.charges[0]!.id}`);

    const cid = l.charges[0]!.id;
    const removed = await cli('charges', 'remove', String(cid), '999999', '--yes', '--json', '--reason', 'entered twice');
    expect(removed.code).toBe(1);
    const [r, missing] = json(removed).results;
    expect(r).toMatchObject({ id: cid, outcome: 'removed', sessionId: id });
    expect(r?.warnings?.[0]?.code).toBe('CORRECTED_CLAIM_NEEDED');
    expect(r?.warnings?.[0]?.message).toContain(`claim ${l.claims[0]!.id} to Aetna`);
    expect(missing).toMatchObject({ id: 999999, outcome: 'not-found' });
    expect(await countRows(t.db, 'audit_log', { action: 'charge.remove', session_id: id })).toBe(1);
    // Read-only: a change exits 2 at once (CONTRACT §2, one discipline for every change); a dry run
    // shows the refusal as READ_ONLY.
    const ro = await cli('charges', 'remove', String(l.charges[1]!.id), '--read-only', '--yes', '--json');
    expect(ro.code).toBe(2);
    expect(ro.stdout).toBe('');
    const roDry = await cli('charges', 'remove', String(l.charges[1]!.id), '--read-only', '--dry-run', '--json');
    expect(roDry.code).toBe(3);
    expect(json(roDry).results[0]?.reasons.map((x) => x.code)).toEqual(['READ_ONLY']);
    expect(await countRows(t.db, 'charges', { session_id: id })).toBe(1);
  });

  it('the billed refusal points to charges list; explain lists twins and the four actions; listings carry them', async () => {
    const billed = await makeSession(t.db, base, { claims: 1, payments: 1, charges: 1 });
    const twin = await makeSession(t.db, base);
    const refused = await cli('delete', String(billed), '--yes', '--json');
    expect(json(refused).results[0]?.reasons.map((r) => [r.code, r.command])).toEqual([
      ['BILLED_TO_INSURANCE', `sessionctl charges list ${billed}`],
      ['PAYMENTS_POSTED', null],
    ]);
    const e = json<{ twins: number[]; actions: Record<string, { allowed: boolean; command: string | null }> }>(await cli('explain', String(twin), '--json'));
    expect(e.twins).toEqual([billed]);
    expect(Object.keys(e.actions)).toEqual(['delete', 'cancel', 'confirm', 'uncancel']);
    expect(e.actions.confirm).toMatchObject({ allowed: true, command: `sessionctl confirm ${twin}` });
    expect(e.actions.uncancel?.allowed).toBe(false);
    const human = await cli('explain', String(twin));
    expect(human.stdout).toMatch(new RegExp(`same slot\\s+session ${billed} \\(scheduled; 1 claim, 1 payment, 1 charge\\)`));
    const dash = await cli('dashboard', '--date', '2026-11-27', '--json');
    const sessions = json<{ sessions: Array<{ id: number; twins: number[]; actions: Record<string, { allowed: boolean }> }> }>(dash).sessions;
    expect(sessions.find((s) => s.id === twin)).toMatchObject({ twins: [billed], actions: { confirm: { allowed: true }, uncancel: { allowed: false } } });
    const table = await cli('dashboard', '--date', '2026-11-27');
    expect(table.stdout).toMatch(new RegExp(`│ ${twin} ≈ │`));
    expect(table.stderr).toContain('≈ = another session, not cancelled, has the same patient, provider, date and time');
  });

  it('listings give each session its twins in the slot, ascending, never a cancelled one, and every screen the same', async () => {
    const [ada, grace] = base.patients as [number, number];
    const a = await makeSession(t.db, base, { patientId: ada, start: '09:00' });
    const gone = await makeSession(t.db, base, { patientId: ada, start: '09:00', status: 'cancelled', classId: base.classes['No Show'] });
    const b = await makeSession(t.db, base, { patientId: ada, start: '09:00' });
    const c = await makeSession(t.db, base, { patientId: ada, start: '09:00' });
    const otherPatient = await makeSession(t.db, base, { patientId: grace, start: '09:00' });
    const otherTime = await makeSession(t.db, base, { patientId: ada, start: '10:00' });
    const expected: Record<number, number[]> = { [a]: [b, c], [gone]: [a, b, c], [b]: [a, c], [c]: [a, b], [otherPatient]: [], [otherTime]: [] };
    const listings = { dashboard: ['--date', '2026-11-27'], search: ['--from', '2026-11-27'], 'confirm-schedule': [] };
    for (const [command, args] of Object.entries(listings)) {
      const { sessions } = json<{ sessions: Array<{ id: number; twins: number[] }> }>(await cli(command, ...args, '--json'));
      const ids = sessions.map((s) => s.id);
      // confirm-schedule leaves out the cancelled session; the others list all six.
      expect(ids, command).toEqual(command === 'confirm-schedule' ? [a, b, c, otherPatient, otherTime] : [a, gone, b, c, otherPatient, otherTime]);
      expect(Object.fromEntries(sessions.map((s) => [s.id, s.twins])), command).toEqual(Object.fromEntries(ids.map((id) => [id, expected[id]])));
    }
  });

  it('every new command has --help with examples', async () => {
    for (const args of [['confirm'], ['uncancel'], ['restore'], ['charges', 'list'], ['charges', 'remove']]) {
      const r = await cli(...args, '--help');
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Examples?:\n {2}sessionctl /);
    }
  });
});
