// The corrections through a real pseudo-terminal, as billing staff would use them: on confirm-schedule,
// tick two visits in the multi-select and confirm them at once; then delete a copy entered twice,
// answering why; then the database and the audit log say what happened. Needs the built CLI.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { KEY, startTerminal, type Terminal } from '../helpers/pty.js';

describe('corrections in a terminal (sqlite)', () => {
  let t: TestDb;
  let base: BaseIds;
  let term: Terminal | null = null;
  beforeEach(async () => {
    t = await testDatabase('sqlite');
    base = await baseData(t.db);
  });
  afterEach(async () => {
    term?.kill();
    term = null;
    await t.dispose();
  });

  it('confirm-schedule: several confirmed at once; a copy entered twice deleted with its reason', async () => {
    const [ada, grace] = base.patients as [number, number];
    const first = await makeSession(t.db, base, { date: '2026-11-25', patientId: ada, charges: 1 });
    const copy = await makeSession(t.db, base, { date: '2026-11-25', patientId: ada });
    const other = await makeSession(t.db, base, { date: '2026-11-26', patientId: grace });
    term = startTerminal(['--db', t.location, 'confirm-schedule']);
    // The list's choices come after the prompt's first line: wait for them.
    const list = await term.waitFor('❯ Confirm several sessions at once (3 can be confirmed)');
    expect(list).toMatch(new RegExp(`│ ${copy} ≈ │`));

    // The copy entered twice: delete it, saying it is a duplicate of the first.
    term.send(String(copy));
    await term.waitFor(new RegExp(`❯ ${copy} ≈`));
    term.send(KEY.enter);
    await term.waitFor(/What should happen to session \d+\?[\s\S]*Back to the list/);
    term.send(KEY.down);
    await term.waitFor('❯ Permanently Delete');
    term.send(KEY.enter);
    const why = await term.waitFor(/being deleted\?[\s\S]*Back to the list/);
    expect(why).toContain(`This looks like a duplicate of session ${first}, which has 1 charge.`);
    expect(why).toContain(`❯ Entered twice, as a duplicate of session ${first}`);
    term.send(KEY.enter);
    await term.waitFor('(y/N)');
    term.send(`y${KEY.enter}`);
    await term.waitFor(new RegExp(`session ${copy} \\(.*\\): deleted[\\s\\S]*Pick a session`));

    // Two left to confirm: the multi-select, both ticked, one confirmation.
    await term.waitFor(/Confirm several sessions at once \(2 can be confirmed\)/);
    term.send(KEY.enter);
    await term.waitFor('Which visits took place?');
    term.send(' ');
    term.send(KEY.down);
    term.send(' ');
    await term.waitFor(/◉[\s\S]*◉/);
    term.send(KEY.enter);
    await term.waitFor(`Confirm 2 sessions (${first}, ${other})? (y/N)`);
    term.send(`y${KEY.enter}`);
    const done = await term.waitFor(/confirmed[\s\S]*confirmed[\s\S]*(Pick a session|No session is still waiting)/);
    expect(done).toMatch(new RegExp(`✔ session ${first} .*: confirmed`));
    expect(done).toMatch(new RegExp(`✔ session ${other} .*: confirmed`));
    expect(await term.exited).toBe(0);

    expect(await countRows(t.db, 'sessions', { status: 'confirmed' })).toBe(2);
    expect(await countRows(t.db, 'sessions', { id: copy })).toBe(0);
    const audit = await t.db.knex('audit_log').select('action', 'session_id', 'detail').orderBy('id');
    expect(audit.map((a) => [a.action, Number(a.session_id)])).toEqual([
      ['session.delete', copy],
      ['session.confirm', first],
      ['session.confirm', other],
    ]);
    expect(JSON.parse(audit[0].detail as string).reason).toBe(`Entered twice: a duplicate of session ${first}.`);
  });
});
