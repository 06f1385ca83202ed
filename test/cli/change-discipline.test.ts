// One discipline for every change (issue 13 item 5), in process on both engines: with --read-only a
// change exits 2 at once saying nothing changed (a dry run still shows READ_ONLY); off a terminal a
// change needs --yes, settings set and addenda complete included; on a terminal, --no-input is named
// as the reason nothing was asked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, setMode, type BaseIds } from '../helpers/fixtures.js';
import { run } from '../helpers/harness.js';
import { deleteSessions } from '../../src/actions/sessions.js';

describe.each(ENGINES)('the change discipline on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  let session: number;
  let addendum: number;
  const cli = (args: string[], tty = false) => run([...args, '--db', t.location], { tty });

  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
    session = await makeSession(t.db, base, { payments: 1, adjustments: 1 });
    await setMode(t.db, 'webpt');
    const [done] = await deleteSessions(t.db, [await makeSession(t.db, base, { start: '11:00' })], { actor: 'alice' });
    addendum = done?.addendumId as number;
  });
  afterEach(async () => t.dispose());

  const changes = () => [
    ['delete', String(session)],
    ['cancel', String(session), '--class', 'No Show'],
    ['duplicates', '--delete'],
    ['payments', 'remove', '1'],
    ['adjustments', 'remove', '1'],
    ['classes', 'add', 'Holiday'],
    ['classes', 'deactivate', 'No Show'],
    ['classes', 'reactivate', 'Weather Closure'],
    ['settings', 'set', 'time_zone', 'UTC'],
    ['addenda', 'complete', String(addendum)],
  ];

  it('--read-only: every change exits 2 at once, nothing changed', async () => {
    const audited = await countRows(t.db, 'audit_log');
    for (const args of changes()) {
      const r = await cli(['--read-only', '--yes', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(/nothing was changed/i);
    }
    expect(await countRows(t.db, 'audit_log')).toBe(audited);
    const dry = await cli(['--read-only', '--json', 'delete', String(session), '--dry-run']);
    expect(dry.code).toBe(3);
    expect(JSON.parse(dry.stdout).results[0].reasons.map((r: { code: string }) => r.code)).toContain('READ_ONLY');
  });

  it('off a terminal every change needs --yes (exit 2, nothing changed); on a terminal --no-input is named', async () => {
    const audited = await countRows(t.db, 'audit_log');
    for (const args of changes()) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/needs confirmation, and this is not an interactive terminal/);
      const noInput = await cli(['--no-input', ...args], true);
      expect(noInput.code, `${args.join(' ')}: ${noInput.stderr}`).toBe(2);
      expect(noInput.stderr, args.join(' ')).toMatch(/--no-input was given/);
    }
    expect(await countRows(t.db, 'audit_log')).toBe(audited);
    const yes = await cli(['--yes', 'settings', 'set', 'time_zone', 'America/Los_Angeles']);
    expect(yes.code, yes.stderr).toBe(0);
    expect(await countRows(t.db, 'audit_log')).toBe(audited + 1);
  });
});
