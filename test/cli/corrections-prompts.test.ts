// The interactive corrections through the scripted prompter, in process, on both engines: deleting
// only what was entered in error (CONTRACT §4.3), Confirm and Revert Cancellation from the hand-off,
// several confirmed at once on confirm-schedule, and uncancel's class asked on a terminal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { INTERRUPT, LEAVE, ask, byName, run, type HarnessOptions } from '../helpers/harness.js';

const DAY = '2026-11-27';

describe.each(ENGINES)('interactive corrections on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  const cli = (args: string[], opts: HarnessOptions = {}) => run([...args, '--db', t.location], { tty: { columns: 160, rows: 40 }, ...opts });
  const line = (id: number) => byName(new RegExp(`^${id}\\s`));
  const row = async (id: number) => t.db.knex('sessions').where({ id }).first();
  const reasonOf = async (id: number, action: string) =>
    JSON.parse((await t.db.knex('audit_log').where({ session_id: id, action }).first()).detail as string).reason as string;

  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
  });
  afterEach(async () => t.dispose());

  describe('Permanently Delete is for entries in error', () => {
    it('names the twin and what it has, offers "a duplicate of session N" as the reason, and records it', async () => {
      const keeper = await makeSession(t.db, base, { charges: 1, draftNotes: 1 });
      const copy = await makeSession(t.db, base);
      const r = await cli(['dashboard', '--date', DAY], {
        answers: [
          ask.pick(line(copy)),
          ask.choose('delete'),
          ask.choose(byName(`Entered twice, as a duplicate of session ${keeper}`), `Why is session ${copy} being deleted?`),
          ask.confirm(true, `Permanently delete session ${copy}?`),
          ask.pick(LEAVE),
        ],
      });
      expect(r.code, r.stderr).toBe(0);
      const asked = r.prompter.calls[2]!;
      expect(asked.choices).toEqual([
        `Entered twice, as a duplicate of session ${keeper}`,
        'Entered for the wrong patient, provider or time',
        'Another reason (type it)',
        'Back to the list',
      ]);
      // Said before the reason was asked.
      expect(asked.stdout).toContain('Permanently Delete is only for a session entered in error');
      expect(asked.stdout).toContain(`This looks like a duplicate of session ${keeper}, which has 1 charge and 1 draft note.`);
      expect(asked.stdout).not.toContain('Apply Cancellation instead');
      expect(r.stdout).toContain(`sessionctl restore ${copy}`);
      expect(await row(copy)).toBeUndefined();
      expect(await reasonOf(copy, 'session.delete')).toBe(`Entered twice: a duplicate of session ${keeper}.`);
      // The table marked both copies.
      expect(r.prompter.calls[0]!.stdout).toMatch(new RegExp(`│ ${copy} ≈ │`));
      expect(r.prompter.calls[0]!.stderr).toContain('≈ = another session');
    });

    it('a past visit with no twin points to Apply Cancellation; a typed reason is recorded as typed', async () => {
      const id = await makeSession(t.db, base, { date: '2026-11-20' });
      const r = await cli(['search', '--patient', 'Lovelace'], {
        answers: [ask.pick(line(id)), ask.choose('delete'), ask.choose(byName(/Another reason/)), ask.input('test entry made in training', /reason/), ask.confirm(true)],
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.prompter.calls[2]!.stdout).toMatch(/No other session holds this visit.*Apply Cancellation instead/);
      expect(await reasonOf(id, 'session.delete')).toBe('test entry made in training');
    });

    it('a cancelled session warns that deleting it removes it from the cancellation report; Back changes nothing', async () => {
      const id = await makeSession(t.db, base, { status: 'cancelled' });
      const r = await cli(['dashboard', '--date', DAY], {
        answers: [ask.pick(line(id)), ask.choose('delete'), ask.choose('back'), ask.pick(LEAVE)],
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Session ${id} is cancelled: deleting it also removes it from the cancellation report.`);
      expect(r.stdout).not.toContain('Apply Cancellation instead');
      expect(await row(id)).toBeDefined();
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });

    it('a future session with no twin gets no past-visit warning; Ctrl-C at the typed reason changes nothing (130)', async () => {
      const id = await makeSession(t.db, base, { date: '2026-12-03' });
      const r = await cli(['search', '--patient', 'Lovelace'], {
        answers: [ask.pick(line(id)), ask.choose('delete'), ask.choose(byName(/Another reason/)), ask.input(INTERRUPT)],
      });
      expect(r.code).toBe(130);
      expect(r.stdout).not.toContain('No other session holds this visit');
      expect(await row(id)).toBeDefined();
    });
  });

  describe('Confirm and Revert Cancellation from the hand-off', () => {
    it('Confirm: offered for a visit held, asked once, confirmed and audited', async () => {
      const id = await makeSession(t.db, base);
      const future = await makeSession(t.db, base, { date: '2026-11-30', start: '10:00' });
      const r = await cli(['search', '--patient', 'Lovelace'], {
        answers: [
          ask.pick(line(future)),
          ask.choose('back'),
          ask.pick(line(id)),
          ask.choose('confirm', `What should happen to session ${id}?`),
          ask.confirm(true, /^Confirm session \d+ .*the visit took place\?$/),
          ask.pick(LEAVE),
        ],
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.prompter.calls[1]!.choices).toEqual(['Apply Cancellation', 'Permanently Delete', 'Back to the list']);
      expect(r.prompter.calls[1]!.stdout).toMatch(/Confirm is not offered: Session \d+ is on 2026-11-30, after today \(2026-11-27\)/);
      expect(r.prompter.calls[3]!.choices).toEqual(['Apply Cancellation', 'Permanently Delete', 'Confirm (the visit took place)', 'Back to the list']);
      expect(await row(id)).toMatchObject({ status: 'confirmed' });
      expect(await countRows(t.db, 'audit_log', { session_id: id, action: 'session.confirm' })).toBe(1);
    });

    it('Revert Cancellation: back to what was recorded, without a class question', async () => {
      const id = await makeSession(t.db, base, { status: 'confirmed', classId: base.classes['Follow-up'] });
      expect((await run(['cancel', String(id), '--class', 'No Show', '--yes', '--db', t.location])).code).toBe(0);
      const r = await cli(['dashboard', '--date', DAY], {
        answers: [ask.pick(line(id)), ask.choose('uncancel'), ask.confirm(true, `Revert the cancellation of session ${id}?`), ask.pick(LEAVE)],
      });
      expect(r.code, r.stderr).toBe(0);
      expect(await row(id)).toMatchObject({ status: 'confirmed', session_class_id: base.classes['Follow-up'], cancelled_at: null });
    });

    it('Revert Cancellation of a session cancelled elsewhere asks the class among the non-cancellation ones', async () => {
      const id = await makeSession(t.db, base, { status: 'cancelled' });
      const r = await cli(['dashboard', '--date', DAY], {
        answers: [ask.pick(line(id)), ask.choose('uncancel'), ask.choose(byName('Follow-up'), /Which class should it have now\?$/), ask.confirm(true), ask.pick(LEAVE)],
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.prompter.calls[2]!.choices).toEqual(['Follow-up', 'Back to the list']);
      expect(await row(id)).toMatchObject({ status: 'scheduled', session_class_id: base.classes['Follow-up'] });
    });

    it('WOULD_DUPLICATE hides Revert Cancellation and names the session in the slot', async () => {
      const live = await makeSession(t.db, base);
      const id = await makeSession(t.db, base, { status: 'cancelled' });
      const r = await cli(['dashboard', '--date', DAY], { answers: [ask.pick(line(id)), ask.choose('back'), ask.pick(LEAVE)] });
      expect(r.code, r.stderr).toBe(0);
      expect(r.prompter.calls[1]!.choices).toEqual(['Permanently Delete', 'Back to the list']);
      expect(r.prompter.calls[1]!.stdout).toContain(`Revert Cancellation is not offered: Reverting the cancellation of session ${id} would duplicate session ${live}`);
    });
  });

  describe('confirm-schedule: several at once', () => {
    it('ticks the confirmable sessions, one confirmation, one outcome each; the list is drawn again without them', async () => {
      const a = await makeSession(t.db, base, { date: '2026-11-25' });
      const b = await makeSession(t.db, base, { date: '2026-11-26', patientId: base.patients[1] });
      const c = await makeSession(t.db, base, { date: '2026-11-27', patientId: base.patients[2] });
      const r = await cli(['confirm-schedule'], {
        answers: [
          ask.pick(byName(/^Confirm several sessions at once \(3 can be confirmed\)/), 'Pick a session'),
          ask.checkbox([line(a), line(c)], /Which visits took place\?/),
          ask.confirm(true, `Confirm 2 sessions (${a}, ${c})?`),
          ask.pick(LEAVE),
        ],
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.prompter.calls[1]!.choices).toHaveLength(3);
      expect(r.stdout).toMatch(new RegExp(`✔ session ${a} .*: confirmed`));
      expect(r.stdout).toMatch(new RegExp(`✔ session ${c} .*: confirmed`));
      expect((await row(a)).status).toBe('confirmed');
      expect((await row(b)).status).toBe('scheduled');
      expect((await row(c)).status).toBe('confirmed');
      expect(await countRows(t.db, 'audit_log', { action: 'session.confirm' })).toBe(2);
      // Drawn again: only the one left awaits confirmation, so "several" is no longer offered.
      const last = r.prompter.calls[3]!;
      expect(last.choices).toHaveLength(1);
      expect(last.choices[0]).toMatch(new RegExp(`^${b}\\s`));
    });

    it('declining the confirmation confirms nothing', async () => {
      const a = await makeSession(t.db, base, { date: '2026-11-25' });
      await makeSession(t.db, base, { date: '2026-11-26' });
      const r = await cli(['confirm-schedule'], {
        answers: [ask.pick(byName(/^Confirm several/)), ask.checkbox([line(a)]), ask.confirm(false), ask.pick(LEAVE)],
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Nothing was confirmed.');
      expect(await countRows(t.db, 'audit_log')).toBe(0);
    });
  });

  it('uncancel on a terminal asks the class where none is recorded, then confirms', async () => {
    const id = await makeSession(t.db, base, { status: 'cancelled' });
    const r = await cli(['uncancel', String(id)], {
      answers: [ask.choose(byName('Follow-up'), /Which class now\?$/), ask.confirm(true, 'Revert the cancellation of 1 session?')],
    });
    expect(r.code, r.stderr).toBe(0);
    expect(await row(id)).toMatchObject({ status: 'scheduled', session_class_id: base.classes['Follow-up'] });
  });
});
