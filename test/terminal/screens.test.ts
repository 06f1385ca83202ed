// Each of the four screens driven through a real pseudo-terminal, as a person would: pick a session,
// see only the actions it allows (and why the other is missing), cancel one with a class, delete
// another after confirming, leave; then the database and the audit log say what happened.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, setMode, type BaseIds } from '../helpers/fixtures.js';
import { KEY, startTerminal, type Terminal } from '../helpers/pty.js';
import type { Engine } from '../../src/domain/types.js';

interface Day {
  billed: number;
  toCancel: number;
  toDelete: number;
}

async function makeDay(t: TestDb, base: BaseIds): Promise<Day> {
  const [ada, grace, miles] = base.patients as [number, number, number];
  return {
    billed: await makeSession(t.db, base, { start: '08:00', patientId: grace, claims: 1, charges: 1 }),
    toCancel: await makeSession(t.db, base, { start: '09:00', patientId: ada }),
    toDelete: await makeSession(t.db, base, { start: '10:00', patientId: miles, charges: 1, draftNotes: 1 }),
  };
}

/** The last rendering of the action menu: the lines between its question and "Back to the list". */
function menuOf(screen: string, id: number): string[] {
  const at = screen.lastIndexOf(`What should happen to session ${id}?`);
  const rest = screen.slice(at).split('\n').slice(1);
  const end = rest.findIndex((l) => l.includes('Back to the list'));
  return rest.slice(0, end + 1).map((l) => l.replace(/^[❯\s]+/, '').trim()).filter(Boolean);
}

async function pick(term: Terminal, id: number): Promise<void> {
  term.send(String(id));
  await term.waitFor(new RegExp(`❯ ${id}\\s`));
  term.send(KEY.enter);
}

/** Opens the billed session: delete is not offered, the reason and remedy are; back with Esc. */
async function seeBilledOnlyCancels(term: Terminal, day: Day): Promise<void> {
  await pick(term, day.billed);
  const screen = await term.waitFor(/What should happen to session \d+\?[\s\S]*Back to the list/);
  expect(screen).toContain(`Permanently Delete is not offered: Session ${day.billed} has been billed to insurance (1 claim)`);
  expect(screen).toContain('Apply Cancellation instead');
  // Held today and still scheduled: Confirm is offered too (issue 14).
  expect(menuOf(screen, day.billed)).toEqual(['Apply Cancellation', 'Confirm (the visit took place)', 'Back to the list']);
  term.send(KEY.esc);
  await term.waitFor('Pick a session');
}

async function cancelWithNoShow(term: Terminal, day: Day): Promise<void> {
  await pick(term, day.toCancel);
  const menu = await term.waitFor(/What should happen to session \d+\?[\s\S]*Back to the list/);
  expect(menuOf(menu, day.toCancel)).toEqual(['Apply Cancellation', 'Permanently Delete', 'Confirm (the visit took place)', 'Back to the list']);
  expect(menu).not.toContain('is not offered');
  term.send(KEY.enter);
  const classes = await term.waitFor(/with which session class\?[\s\S]*Back to the list/);
  const offered = classes.slice(classes.lastIndexOf('with which session class?'));
  expect(offered).toContain('Cancelled');
  expect(offered).toContain('No Show');
  expect(offered).not.toContain('Weather Closure'); // inactive
  expect(offered).not.toContain('Follow-up'); // not a cancellation class
  term.send(KEY.down);
  await term.waitFor('❯ No Show');
  term.send(KEY.enter);
  await term.waitFor(new RegExp(`session ${day.toCancel} \\(.*\\): cancelled[\\s\\S]*Pick a session`));
}

/** In a standalone practice drafts go with the session; in a webpt one every note does. */
async function deleteAfterConfirming(term: Terminal, day: Day, notes = 'draft note', extra: (screen: string) => void = () => undefined): Promise<void> {
  await pick(term, day.toDelete);
  await term.waitFor(/What should happen to session \d+\?[\s\S]*Back to the list/);
  term.send(KEY.down);
  await term.waitFor('❯ Permanently Delete');
  term.send(KEY.enter);
  // Deleting is for entries in error: why, first (CONTRACT §4.3); the first answer is "wrong patient, provider or time".
  const why = await term.waitFor(new RegExp(`Why is session ${day.toDelete} being deleted\\?[\\s\\S]*Back to the list`));
  expect(why).toContain('Permanently Delete is only for a session entered in error');
  term.send(KEY.enter);
  const ask = await term.waitFor(`Permanently delete session ${day.toDelete}? (y/N)`);
  expect(why + ask).toContain(`Permanently Delete removes session ${day.toDelete} (2026-11-27 10:00, Miles O'Brien with Dr. Rivera) and with it 1 charge and 1 ${notes}.`);
  extra(why + ask);
  term.send(`y${KEY.enter}`);
  await term.waitFor(new RegExp(`session ${day.toDelete} \\(.*\\): deleted[\\s\\S]*Pick a session`));
}

async function expectDone(t: TestDb, base: BaseIds, day: Day): Promise<void> {
  expect(await countRows(t.db, 'sessions', { id: day.toDelete })).toBe(0);
  expect(await countRows(t.db, 'charges', { session_id: day.toDelete })).toBe(0);
  expect(await countRows(t.db, 'notes', { session_id: day.toDelete })).toBe(0);
  const cancelled = await t.db.knex('sessions').where({ id: day.toCancel }).first();
  expect(cancelled).toMatchObject({ status: 'cancelled', session_class_id: base.classes['No Show'], cancelled_at: '2026-11-27T12:00:00Z' });
  expect(await countRows(t.db, 'sessions', { id: day.billed, status: 'scheduled' })).toBe(1);
  const audit = await t.db.knex('audit_log').select('actor', 'action', 'session_id', 'detail').orderBy('id');
  expect(audit.map((r) => [r.actor, r.action, Number(r.session_id)])).toEqual([
    ['pty-test', 'session.cancel', day.toCancel],
    ['pty-test', 'session.delete', day.toDelete],
  ]);
  const deleted = JSON.parse(audit[1].detail as string);
  expect(deleted.removed.charges).toHaveLength(1);
  expect(deleted.removed.notes).toHaveLength(1);
}

function screens(engine: Engine) {
  let t: TestDb;
  let base: BaseIds;
  let day: Day;
  let term: Terminal | null = null;
  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
    day = await makeDay(t, base);
  });
  afterEach(async () => {
    term?.kill();
    term = null;
    await t.dispose();
  });
  const open = (...args: string[]) => (term = startTerminal(['--db', t.location, ...args]));
  return { ctx: () => ({ t, base, day }), open };
}

describe('dashboard in a terminal (sqlite)', () => {
  const s = screens('sqlite');

  it('picks sessions, offers only what the rules allow, cancels one and deletes another', async () => {
    const { t, base, day } = s.ctx();
    const term = s.open('dashboard', '--date', '2026-11-27');
    const first = await term.waitFor('Pick a session');
    expect(first).toMatch(new RegExp(`${day.billed}\\s.*08:00.*Grace Hopper.*cancel · confirm\\s+⊘ billed`));
    expect(first).toMatch(new RegExp(`${day.toCancel}\\s.*09:00.*Ada Lovelace.*delete · cancel`));
    await seeBilledOnlyCancels(term, day);
    await cancelWithNoShow(term, day);
    // The refreshed list shows the cancellation.
    expect(term.recent()).toMatch(new RegExp(`│ ${day.toCancel}\\s+│ 09:00 .*cancelled\\s+│ No Show`));
    await deleteAfterConfirming(term, day);
    expect(term.recent()).not.toMatch(new RegExp(`│ ${day.toDelete}\\s+│`));
    term.send('q');
    expect(await term.exited).toBe(0);
    await expectDone(t, base, day);
  });

  it('refuses the delete when a payment is posted while the confirmation waits, like any refusal', async () => {
    const { t, day } = s.ctx();
    const term = s.open('dashboard', '--date', '2026-11-27');
    await term.waitFor('Pick a session');
    await pick(term, day.toDelete);
    await term.waitFor(/What should happen to session \d+\?[\s\S]*Back to the list/);
    term.send(KEY.down);
    await term.waitFor('❯ Permanently Delete');
    term.send(KEY.enter);
    await term.waitFor(/being deleted\?[\s\S]*Back to the list/);
    term.send(KEY.enter);
    await term.waitFor('(y/N)');
    await t.db.knex('payments').insert({ session_id: day.toDelete, amount_cents: 4000, method: 'card', posted_at: '2026-11-27T12:00:00Z' });
    term.send(`y${KEY.enter}`);
    const refused = await term.waitFor(/refused[\s\S]*Pick a session/);
    expect(refused).toContain(`PAYMENTS_POSTED: Session ${day.toDelete} has 1 payment posted.`);
    expect(refused).toMatch(new RegExp(`│ ${day.toDelete}\\s+│ 10:00 .*cancel · confirm\\s+⊘ paid`));
    term.send(KEY.esc);
    expect(await term.exited).toBe(3);
    expect(await countRows(t.db, 'sessions', { id: day.toDelete })).toBe(1);
    expect(await countRows(t.db, 'charges', { session_id: day.toDelete })).toBe(1);
    expect(await countRows(t.db, 'audit_log')).toBe(0);
  });

  it('leaves on Ctrl-C with exit 130, no stack trace, nothing changed; and "No" deletes nothing', async () => {
    const { t, day } = s.ctx();
    const term = s.open('dashboard', '--date', '2026-11-27');
    await term.waitFor('Pick a session');
    await pick(term, day.toDelete);
    await term.waitFor(/What should happen to session \d+\?[\s\S]*Back to the list/);
    term.send(KEY.down);
    await term.waitFor('❯ Permanently Delete');
    term.send(KEY.enter);
    await term.waitFor(/being deleted\?[\s\S]*Back to the list/);
    term.send(KEY.enter);
    await term.waitFor('(y/N)');
    term.send(KEY.enter); // the default is No
    await term.waitFor(/Not deleted\.[\s\S]*Pick a session/);
    term.send(KEY.ctrlC);
    expect(await term.exited).toBe(130);
    expect(term.all()).toContain('Interrupted; nothing was changed.');
    expect(term.all()).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(await countRows(t.db, 'sessions')).toBe(3);
    expect(await countRows(t.db, 'audit_log')).toBe(0);
  });
});

describe('dashboard in a terminal (pg, webpt practice)', () => {
  const s = screens('pg');

  it('cancels and deletes, and says which WebPT addendum is now owed', async () => {
    const { t, base, day } = s.ctx();
    await setMode(t.db, 'webpt');
    const term = s.open('dashboard');
    await term.waitFor('Pick a session');
    await seeBilledOnlyCancels(term, day);
    await cancelWithNoShow(term, day);
    await deleteAfterConfirming(term, day, 'note', (ask) =>
      expect(ask).toContain(`an addendum will be owed in WebPT for Miles O'Brien, session of 2026-11-27`),
    );
    const addenda = await t.db.knex('addenda').select('*');
    expect(addenda).toEqual([expect.objectContaining({ session_id: day.toDelete, scheduled_date: '2026-11-27', completed_at: null })]);
    expect(term.recent()).toContain(`WebPT addendum owed (addendum ${addenda[0].id}) for Miles O'Brien, session of 2026-11-27`);
    term.send('q');
    expect(await term.exited).toBe(0);
    await expectDone(t, base, day);
  });
});

describe('search in a terminal (sqlite)', () => {
  const s = screens('sqlite');

  it('filters, picks, cancels and deletes', async () => {
    const { t, base, day } = s.ctx();
    const term = s.open('search', '--provider', 'rivera', '--from', 'today', '--to', 'today');
    const first = await term.waitFor('Pick a session');
    expect(first).toContain('Search (provider "rivera", 2026-11-27 to 2026-11-27): 3 sessions');
    // Typing narrows the list by any words of the row.
    term.send('hopper');
    // The typed words show at once; the narrowed list follows in the next frame.
    const lastFrame = (text: string) => text.slice(text.lastIndexOf('Pick a session hopper'));
    const narrowed = await term.waitFor((text) => text.includes('Pick a session hopper') && !lastFrame(text).includes('Lovelace'));
    expect(lastFrame(narrowed)).toMatch(new RegExp(`^Pick a session hopper\\n❯ ${day.billed}\\s.*Grace Hopper`));
    expect(lastFrame(narrowed)).not.toContain("O'Brien");
    for (let i = 0; i < 'hopper'.length; i++) term.send(KEY.backspace);
    await term.waitFor('Lovelace');
    await seeBilledOnlyCancels(term, day);
    await cancelWithNoShow(term, day);
    await deleteAfterConfirming(term, day);
    term.send(KEY.esc);
    expect(await term.exited).toBe(0);
    await expectDone(t, base, day);
  });
});

describe('confirm-schedule in a terminal (sqlite)', () => {
  const s = screens('sqlite');

  it('works through the billing list; a cancelled session leaves it', async () => {
    const { t, base, day } = s.ctx();
    const term = s.open('confirm-schedule');
    const first = await term.waitFor('Pick a session');
    expect(first).toContain('Awaiting confirmation before billing (up to 2026-11-27): 3 sessions');
    await seeBilledOnlyCancels(term, day);
    await cancelWithNoShow(term, day);
    const refreshed = term.recent();
    expect(refreshed).toContain('Awaiting confirmation before billing (up to 2026-11-27): 2 sessions');
    expect(refreshed).not.toMatch(new RegExp(`│ ${day.toCancel}\\s+│`));
    await deleteAfterConfirming(term, day);
    term.send('q');
    expect(await term.exited).toBe(0);
    await expectDone(t, base, day);
  });
});

describe('calendar in a terminal (sqlite)', () => {
  const s = screens('sqlite');

  it('picks a day from the month, works through it, and comes back to the refreshed month', async () => {
    const { t, base, day } = s.ctx();
    const term = s.open('calendar', '--month', '2026-11');
    const month = await term.waitFor('Pick a day to list');
    expect(month).toContain('November 2026: 3 sessions');
    expect(month).toMatch(/│ \[27\]\s+│/);
    expect(month).toMatch(/│ 3 ⊘\s+│/);
    // Pasted with its Enter, as a CI run once delivered typed keys and Enter in one read (the Enter
    // was lost then): the day still opens.
    term.send(`2026-11-27${KEY.enter}`);
    await term.waitFor(/Sessions on Friday 2026-11-27: 3 sessions[\s\S]*Pick a session/);
    await seeBilledOnlyCancels(term, day);
    await cancelWithNoShow(term, day);
    await deleteAfterConfirming(term, day);
    term.send(KEY.esc);
    const again = await term.waitFor('Pick a day to list');
    expect(again).toContain('November 2026: 2 sessions');
    expect(again).toMatch(/│ 2 ×⊘\s+│/);
    term.send('q');
    expect(await term.exited).toBe(0);
    await expectDone(t, base, day);
  });
});

describe('demo in a terminal', () => {
  let dir = '';
  let term: Terminal | null = null;
  afterEach(() => {
    term?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the demo day: a billed session offers only Apply Cancellation and says why', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sessionctl-demo-'));
    term = startTerminal(['--db', join(dir, 'demo.db'), 'demo', '--date', '2026-11-27']);
    const first = await term.waitFor('Pick a session', 60_000);
    const billed = Number(/session (\d+)\s+billed to insurance\n/.exec(first)?.[1]);
    const clean = Number(/session (\d+)\s+clean\n/.exec(first)?.[1]);
    expect(first).toContain('Sessions on Friday 2026-11-27: 21 sessions');
    await pick(term, billed);
    const menu = await term.waitFor(/What should happen to session \d+\?[\s\S]*Back to the list/);
    expect(menu).toContain(`Permanently Delete is not offered: Session ${billed} has been billed to insurance`);
    expect(menuOf(menu, billed)).toEqual(['Apply Cancellation', 'Back to the list']);
    term.send('q');
    await term.waitFor('Pick a session');
    await pick(term, clean);
    const both = await term.waitFor(/What should happen to session \d+\?[\s\S]*Back to the list/);
    expect(menuOf(both, clean)).toEqual(['Apply Cancellation', 'Permanently Delete', 'Confirm (the visit took place)', 'Back to the list']);
    term.send(KEY.esc);
    await term.waitFor('Pick a session');
    term.send(KEY.esc);
    expect(await term.exited).toBe(0);
  });
});
