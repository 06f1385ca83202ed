// The dashboard in a real pseudo-terminal at 60, 80 and 160 columns: the table within the width, the
// picker's help line naming the keys that move between days, and → moving to the next day.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { KEY, startTerminal, type Terminal } from '../helpers/pty.js';

describe('screens that fit, in a terminal', () => {
  let t: TestDb;
  let b: BaseIds;
  let term: Terminal | null = null;
  beforeEach(async () => {
    t = await testDatabase('sqlite');
    b = await baseData(t.db);
    await makeSession(t.db, b, { start: '08:00' });
    await makeSession(t.db, b, { start: '09:00', patientId: b.patients[1], status: 'confirmed', claims: 1, payments: 1, adjustments: 1 });
    await makeSession(t.db, b, { start: '10:00', patientId: b.patients[2] });
    await makeSession(t.db, b, { date: '2026-11-28', start: '09:00' });
  });
  afterEach(async () => {
    term?.kill();
    await t.dispose();
  });

  it.each([60, 80, 160])('at %i columns', async (cols) => {
    term = startTerminal(['--db', t.location, 'dashboard', '--date', '2026-11-27'], { cols, rows: 30 });
    const first = await term.waitFor(/Pick a session[\s\S]*leave/);
    const table = first.split('\n').filter((l) => /^[┌│├└]/.test(l));
    expect(table.length).toBeGreaterThan(4);
    for (const l of table) expect(l.length, l).toBeLessThanOrEqual(cols);
    expect(table[1]).toMatch(/│ ID\s+│ Time\s+│ Patient\s+│/);
    expect(first).toContain("Miles O'Brien");
    // The help line names the keys (cut by the terminal at 60 columns, so only its start there).
    expect(first.replace(/\s+/g, ' ')).toContain(cols >= 80 ? '← → day · Home today' : 'type to filter');
    term.send('\u001b[C'); // →
    await term.waitFor('Sessions on Saturday 2026-11-28: 1 session');
    await term.waitFor(/Pick a session/);
    term.send(KEY.esc);
    expect(await term.exited).toBe(0);
  });
});
