// Screens that fit the terminal (60, 80 and 160 columns), in process with streams that say they are a
// terminal of that width, on both engines; and moving between days and months from the picker.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { LEAVE, ask, byName, press, run } from '../helpers/harness.js';

const DAY = '2026-11-27';
const width = (line: string) => stripVTControlCharacters(line).length;
const tableLines = (out: string) => out.split('\n').filter((l) => /^[┌│├└]/.test(l));
const header = (out: string) => (tableLines(out)[1] ?? '').split('│').map((s) => s.trim()).filter(Boolean);

describe.each(ENGINES)('screens that fit, on %s', (engine) => {
  let t: TestDb;
  let b: BaseIds;
  let everything: number;
  let paid: number;
  beforeEach(async () => {
    t = await testDatabase(engine);
    b = await baseData(t.db);
    await t.db.knex('patients').insert({ first_name: 'Hannah', last_name: 'Kowalski-Jones', chart_number: 'PT-100234' });
    await makeSession(t.db, b, { start: '08:00', patientId: b.patients[0] });
    everything = await makeSession(t.db, b, { start: '09:00', patientId: b.patients[1], status: 'confirmed', claims: 1, payments: 1, adjustments: 1, finalizedNotes: 1 });
    await makeSession(t.db, b, { start: '10:00', patientId: b.patients[2], status: 'cancelled', classId: b.classes['No Show'] });
    await makeSession(t.db, b, { start: '11:00', patientId: 4 });
    // Payments alone: their remedy names the command that lists them.
    paid = await makeSession(t.db, b, { start: '12:00', patientId: 4, status: 'confirmed', payments: 1, adjustments: 1 });
    await makeSession(t.db, b, { date: '2026-11-28', start: '09:00', patientId: b.patients[0] });
  });
  afterEach(async () => t.dispose());

  const at = (columns: number, args: string[], answers = [ask.pick(LEAVE)]) =>
    run(['--db', t.location, ...args], { tty: { columns, rows: 40 }, answers });

  it.each([60, 80, 160])('the dashboard at %i columns: within the width, identifying columns whole, the picker aligned', async (columns) => {
    const r = await at(columns, ['dashboard', '--date', DAY]);
    expect(r.code, r.stderr).toBe(0);
    const lines = tableLines(r.stdout);
    expect(lines.length).toBeGreaterThan(6);
    for (const l of lines) expect(width(l), l).toBeLessThanOrEqual(columns);
    const head = header(r.stdout);
    expect(head.slice(0, 3)).toEqual(['ID', 'Time', 'Patient']);
    expect(head).toContain('Status');
    if (columns === 160) expect(head).toEqual(['ID', 'Time', 'Patient', 'Provider', 'Location', 'Status', 'Class', 'Actions']);
    // Names are never cut: whole on one line of their cell from 80 columns on; below, wrapped between words.
    for (const name of ['Ada Lovelace', 'Grace Hopper', "Miles O'Brien", 'Hannah Kowalski-Jones']) {
      if (columns >= 80) expect(r.stdout).toContain(name);
      else for (const word of name.split(' ')) expect(r.stdout).toMatch(new RegExp(`[│ ]${word}\\s`));
    }
    if (columns >= 80) for (const chart of ['(PT-001)', '(PT-100234)']) expect(r.stdout).toContain(chart);
    for (const status of ['scheduled', 'confirmed', 'cancelled']) expect(r.stdout).toContain(status);

    const choices = r.prompter.calls[0]!.choices;
    expect(choices).toHaveLength(5);
    for (const c of choices) expect(c.length).toBeLessThanOrEqual(columns - 3);
    // Aligned: the status starts at the same column on every line.
    const statusAt = choices.map((c) => c.search(/scheduled|confirmed|cancelled/));
    expect(new Set(statusAt).size).toBe(1);
    expect(statusAt[0]).toBeGreaterThan(0);
  });

  it.each([60, 80])('reasons and their commands wrap at spaces at %i columns, a command never split', async (columns) => {
    const r = await at(columns, ['dashboard', '--date', DAY], [
      ask.pick(byName(new RegExp(`^${everything}\\s`))), ask.choose(LEAVE),
      ask.pick(byName(new RegExp(`^${paid}\\s`))), ask.choose(LEAVE), ask.pick(LEAVE),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const after = r.stdout.slice(r.stdout.indexOf(`Session ${everything}`));
    for (const l of after.split('\n')) expect(width(l), l).toBeLessThanOrEqual(columns);
    expect(after).toMatch(new RegExp(`(^|\\s)sessionctl charges list ${everything}$`, 'm'));
    expect(after).toMatch(new RegExp(`(^|\\s)sessionctl payments list ${paid}$`, 'm'));
    expect(after).toMatch(new RegExp(`(^|\\s)sessionctl adjustments list ${paid}$`, 'm'));
    // No word is broken across lines: every line ends with a whole word of the messages.
    expect(after).not.toMatch(/[a-z]-?\n\s+[a-z]{1,3}\b(?! )/);
    expect(after).toContain('billed to insurance');
  });

  it('the calendar is a grid from its width on, and a list of days below it', async () => {
    const wide = await at(80, ['calendar', '--month', '2026-11']);
    expect(wide.code, wide.stderr).toBe(0);
    expect(wide.stdout).toContain('│ Mon');
    const narrow = await at(60, ['calendar', '--month', '2026-11']);
    expect(narrow.code, narrow.stderr).toBe(0);
    expect(narrow.stdout).not.toContain('┌');
    expect(narrow.stdout).toMatch(/\[Fri 2026-11-27\]\s+5 ×⊘/);
    expect(narrow.stdout).toMatch(/ Sat 2026-11-28\s+1\n/);
    for (const l of narrow.stdout.split('\n')) expect(width(l)).toBeLessThanOrEqual(60);
  });

  it('moves between days from the dashboard picker: → next, Home today, ← previous', async () => {
    const r = await at(100, ['dashboard', '--date', DAY], [ask.pick(press('right')), ask.pick(press('right')), ask.pick(press('home')), ask.pick(press('left')), ask.pick(LEAVE)]);
    expect(r.code, r.stderr).toBe(0);
    const headings = [...r.stderr.matchAll(/Sessions on \w+ (\d{4}-\d{2}-\d{2})/g)].map((m) => m[1]);
    const empty = [...r.stderr.matchAll(/No sessions are scheduled on (\S+)\./g)].map((m) => m[1]);
    expect(headings).toEqual([DAY, '2026-11-28', '2026-11-29', DAY, '2026-11-26']);
    expect(empty).toEqual(['2026-11-29', '2026-11-26']);
    const picks = r.prompter.calls.filter((c) => c.method === 'pick');
    expect(picks.map((c) => c.choices.length)).toEqual([5, 1, 0, 5, 0]);
    for (const c of picks) expect(c.keys).toEqual(['left', 'right', 'home']);
  });

  it('moves between months from the calendar: → next month, Home this month, ← previous', async () => {
    const r = await at(100, ['calendar', '--month', '2026-11'], [ask.pick(press('right')), ask.pick(press('home')), ask.pick(press('left')), ask.pick(LEAVE)]);
    expect(r.code, r.stderr).toBe(0);
    const months = [...r.stderr.matchAll(/^(\w+ \d{4}): \d+ sessions?/gm)].map((m) => m[1]);
    expect(months).toEqual(['November 2026', 'December 2026', 'November 2026', 'October 2026']);
    const picks = r.prompter.calls.filter((c) => c.method === 'pick');
    expect(picks.map((c) => c.choices.map((x) => x.slice(0, 14)))).toEqual([['Fri 2026-11-27', 'Sat 2026-11-28'], [], ['Fri 2026-11-27', 'Sat 2026-11-28'], []]);
    expect(picks.every((c) => c.keys?.join() === 'left,right,home')).toBe(true);
  });
});
