// Control characters: --actor refuses them (exit 2); stored names, reasons and actors written by
// other programs are printed with them made visible, so no escape reaches the terminal and no
// newline draws a row or a line that is not in the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { runInProcess } from '../helpers/in-process.js';

const HOSTILE = 'x\u001b[2J\nforged line\r\u202eevil\u0007';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

describe.each(ENGINES)('control characters on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  let session: number;
  beforeAll(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
    // The practice system wrote a patient name and a provider name holding escapes and newlines.
    await t.db.knex('patients').where({ id: base.patients[0] }).update({ first_name: `Ada${HOSTILE}`, last_name: 'Lovelace\n| 999 | 09:00 | fake row |' });
    await t.db.knex('providers').where({ id: base.providers[0] }).update({ name: `Dr.${HOSTILE}` });
    session = await makeSession(t.db, base, { date: '2026-11-27' });
    await t.db.knex('audit_log').insert({ at: '2026-11-27T10:00:00Z', actor: `other${HOSTILE}`, action: 'session.cancel', session_id: session, detail: JSON.stringify({ reason: `why${HOSTILE}` }) });
  });
  afterAll(async () => t.dispose());

  it.each([
    ['--actor', (a: string) => ({ args: ['--actor', a], env: {} })],
    ['SESSIONCTL_ACTOR', (a: string) => ({ args: [], env: { SESSIONCTL_ACTOR: a } })],
  ] as const)('%s with control characters is exit 2 and nothing is written', async (_via, make) => {
    for (const actor of ['x\u001b[2J\nforged line', 'tab\there', 'bell\u0007', 'nul\u0000x', 'rtl\u202eevil']) {
      const { args, env } = make(actor);
      const id = await makeSession(t.db, base, { date: '2026-11-28', start: '15:00' });
      const r = await runInProcess(['--db', t.location, '--yes', ...args, 'delete', String(id)], env);
      expect(r.code, JSON.stringify(actor)).toBe(2);
      expect(r.stderr).toMatch(/control characters/);
      expect(await countRows(t.db, 'sessions', { id })).toBe(1);
    }
  });

  it.each([
    ['dashboard', ['dashboard', '--date', '2026-11-27']],
    ['search', ['search', '--patient', 'Ada']],
    ['explain', () => ['explain', String(session)]],
    ['audit', ['audit']],
    ['audit show', () => ['audit', 'show', '1']],
  ] as const)('%s prints the stored text with its control characters visible', async (_name, argsOrFn) => {
    const args = typeof argsOrFn === 'function' ? argsOrFn() : [...argsOrFn];
    const r = await runInProcess(['--db', t.location, ...args]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
    // The newline in the data did not become a line of output.
    expect(r.stdout.split('\n').some((l) => /^\s*forged line/.test(l) || /^\| 999/.test(l.trim()))).toBe(false);
    expect(r.stdout).toMatch(/\\x1b\[2J|\\n/);
  });
});
