// delete and cancel by id, as scripts run them: the CLI's main() in process (harness.ts), every outcome
// and every exit status of CONTRACT §3, on both engines. One test drives the terminal confirmation
// (scripted answers; test/terminal does it through a real pseudo-terminal).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, setMode, type BaseIds } from '../helpers/fixtures.js';
import { ask, jsonOf, run } from '../helpers/harness.js';

interface Results {
  results: Array<{ id: number; outcome: string; reasons: Array<{ code: string; message: string; command: string | null }>; addendumId?: number }>;
}

describe.each(ENGINES)('delete and cancel by id on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  let ids: { clean: number; billed: number; paid: number; cancelled: number; drafts: number };
  const cli = (...args: string[]) => run([...args, '--db', t.location]);
  const status = async (id: number) => (await t.db.knex('sessions').where({ id }).first('status'))?.status as string | undefined;

  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
    ids = {
      clean: await makeSession(t.db, base, { start: '08:00' }),
      billed: await makeSession(t.db, base, { start: '09:00', claims: 1, charges: 1 }),
      paid: await makeSession(t.db, base, { start: '10:00', payments: 1 }),
      cancelled: await makeSession(t.db, base, { start: '11:00', status: 'cancelled' }),
      drafts: await makeSession(t.db, base, { start: '12:00', draftNotes: 2, charges: 3 }),
    };
  });
  afterEach(async () => t.dispose());

  it('dry run: would-delete, blocked with every reason, not-found; exit 1 (not found wins over refused); nothing changes', async () => {
    const r = await cli('delete', String(ids.clean), String(ids.billed), '999999', '--dry-run', '--json');
    expect(r.code).toBe(1);
    const { results } = jsonOf<Results>(r);
    expect(results.map((x) => [x.id, x.outcome])).toEqual([
      [ids.clean, 'would-delete'],
      [ids.billed, 'blocked'],
      [999999, 'not-found'],
    ]);
    expect(results[1]!.reasons.map((x) => x.code)).toEqual(['BILLED_TO_INSURANCE']);
    // Issue 14: a billed session's remedy is to remove specific charges (and cancel it, if it did not happen).
    expect(results[1]!.reasons[0]!.command).toBe(`sessionctl charges list ${ids.billed}`);
    expect(await countRows(t.db, 'sessions')).toBe(5);
    expect(await countRows(t.db, 'audit_log')).toBe(0);
  });

  it('deletes what the rules allow, refuses the rest without stopping, audits each deletion: exit 3', async () => {
    const r = await cli('delete', String(ids.billed), String(ids.drafts), String(ids.paid), '--yes', '--json', '--reason', 'entered twice');
    expect(r.code).toBe(3);
    const { results } = jsonOf<Results>(r);
    expect(results.map((x) => x.outcome)).toEqual(['blocked', 'deleted', 'blocked']);
    expect(results[2]!.reasons.map((x) => x.code)).toEqual(['PAYMENTS_POSTED']);
    expect(await status(ids.drafts)).toBeUndefined();
    expect(await status(ids.billed)).toBe('scheduled');
    expect(await countRows(t.db, 'charges', { session_id: ids.drafts })).toBe(0);
    expect(await countRows(t.db, 'notes', { session_id: ids.drafts })).toBe(0);
    const audit = await t.db.knex('audit_log').select('*');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'session.delete', actor: 'cli-test', session_id: ids.drafts });
    expect(JSON.parse(audit[0].detail as string).reason).toBe('entered twice');
  });

  it('exit 0 when every session is deleted; then not-found, exit 1, with what to do next', async () => {
    const ok = await cli('delete', String(ids.clean), '--yes');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`session ${ids.clean} .*: deleted`));
    expect(ok.stderr).toContain('1 deleted');
    const again = await cli('delete', String(ids.clean), '--yes');
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`session ${ids.clean}: not found`);
    // A deleted id says who deleted it and when, and how to see and undo it (issue 14).
    expect(again.stdout).toContain(`Session ${ids.clean} was deleted by cli-test at `);
    expect(again.stdout).toContain(`sessionctl restore ${ids.clean}`);
    const gone = await cli('delete', String(ids.clean), '--yes', '--json');
    expect(jsonOf<Results>(gone).results).toEqual([
      { id: ids.clean, outcome: 'not-found', reasons: [], deletion: { auditId: expect.any(Number), at: expect.any(String), actor: 'cli-test' } },
    ]);
    const never = await cli('delete', '987654', '--yes');
    expect(never.code).toBe(1);
    expect(never.stdout).toContain('sessionctl search');
  });

  it('a refusal in human output names the reason, the remedy and the command', async () => {
    const r = await cli('delete', String(ids.billed), '--yes');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('BILLED_TO_INSURANCE');
    expect(r.stdout).toContain('Apply Cancellation instead');
    expect(r.stdout).toContain(`Run: sessionctl charges list ${ids.billed}`);
  });

  it('off a terminal a change without --yes is refused with exit 2 and nothing is touched; --dry-run needs no --yes', async () => {
    for (const args of [
      ['delete', String(ids.clean)],
      ['delete', String(ids.clean), '--json'],
      ['cancel', String(ids.clean), '--class', 'No Show'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('--yes');
    }
    expect(await status(ids.clean)).toBe('scheduled');
    expect(await countRows(t.db, 'audit_log')).toBe(0);
    const dry = await cli('cancel', String(ids.clean), '--class', 'No Show', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(jsonOf<Results>(dry).results).toEqual([{ id: ids.clean, outcome: 'would-cancel', reasons: [] }]);
    expect(await status(ids.clean)).toBe('scheduled');
  });

  it('bad input is exit 2 before anything else, even before the database is opened', async () => {
    const noDb = await run(['delete', 'abc', '--yes', '--db', '/nonexistent/dir/x.db']);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('positive whole number');
    const zero = await cli('delete', '0', '--yes');
    expect(zero.code).toBe(2);
    const reason = await cli('delete', String(ids.clean), '--yes', '--reason', 'a\u0007b');
    expect(reason.code).toBe(2);
    expect(reason.stderr).toContain('--reason');
    const long = await cli('delete', String(ids.clean), '--yes', '--reason', 'x'.repeat(501));
    expect(long.code).toBe(2);
    const missing = await cli('cancel', String(ids.clean), '--yes');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--class');
    expect(await status(ids.clean)).toBe('scheduled');
  });

  it('cancels with an active cancellation class, audited: exit 0; an already cancelled one is blocked: exit 3', async () => {
    const r = await cli('cancel', String(ids.billed), String(ids.paid), '--class', 'no show', '--yes', '--json', '--reason', 'patient called');
    expect(r.code).toBe(0);
    expect(jsonOf<Results>(r).results.map((x) => x.outcome)).toEqual(['cancelled', 'cancelled']);
    const row = await t.db.knex('sessions').where({ id: ids.billed }).first();
    expect(row).toMatchObject({ status: 'cancelled', session_class_id: base.classes['No Show'], cancelled_at: '2026-11-27T12:00:00Z' });
    const audit = await t.db.knex('audit_log').where({ action: 'session.cancel' }).orderBy('session_id');
    expect(audit.map((a) => Number(a.session_id))).toEqual([ids.billed, ids.paid]);
    expect(JSON.parse(audit[0].detail as string)).toMatchObject({ reason: 'patient called', sessionClass: { name: 'No Show' } });

    const again = await cli('cancel', String(ids.cancelled), String(ids.clean), '--class', 'Cancelled', '--yes', '--json');
    expect(again.code).toBe(3);
    const { results } = jsonOf<Results>(again);
    expect(results.map((x) => [x.outcome, x.reasons.map((y) => y.code)])).toEqual([
      ['blocked', ['ALREADY_CANCELLED']],
      ['cancelled', []],
    ]);
    const missing = await cli('cancel', '999999', '--class', 'Cancelled', '--yes', '--json');
    expect(missing.code).toBe(1);
    expect(jsonOf<Results>(missing).results[0]!.outcome).toBe('not-found');
  });

  it.each([
    ['an unknown class', 'Holiday', 'There is no session class named "Holiday"'],
    ['an inactive class', 'weather closure', 'is inactive'],
    ['a class that is not a cancellation', 'Follow-up', 'is not a cancellation class'],
  ])('%s is a usage error that lists the valid classes', async (_what, name, message) => {
    const r = await cli('cancel', String(ids.clean), '--class', name, '--yes', '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    // Only the active cancellation classes, exactly: not Follow-up, not the inactive Weather Closure.
    expect(r.stderr).toContain('Use one of: "Cancelled", "No Show".\n');
    expect(await status(ids.clean)).toBe('scheduled');
  });

  it('--read-only: a change exits 2 at once, nothing changed; a dry run still shows READ_ONLY (exit 3)', async () => {
    const d = await cli('delete', String(ids.clean), '--read-only', '--yes', '--json');
    expect(d.code).toBe(2);
    expect(d.stdout).toBe('');
    expect(d.stderr).toMatch(/read-only; nothing was changed/);
    const c = await run(['cancel', String(ids.clean), '--class', 'Cancelled', '--db', t.location], {
      env: { SESSIONCTL_READ_ONLY: '1' },
    });
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/read-only; nothing was changed/);
    const dry = await cli('delete', String(ids.clean), '--read-only', '--dry-run', '--json');
    expect(dry.code).toBe(3);
    expect(jsonOf<Results>(dry).results[0]).toMatchObject({ outcome: 'blocked', reasons: [{ code: 'READ_ONLY' }] });
    expect(await status(ids.clean)).toBe('scheduled');
  });

  it('in webpt mode a deletion owes an addendum, reported in the JSON and in words', async () => {
    await setMode(t.db, 'webpt');
    const withNote = await makeSession(t.db, base, { start: '13:00', finalizedNotes: 1 });
    const r = await cli('delete', String(withNote), '--yes', '--json');
    expect(r.code).toBe(0);
    const [result] = jsonOf<Results>(r).results;
    expect(result!.outcome).toBe('deleted');
    const addendum = await t.db.knex('addenda').where({ session_id: withNote }).first();
    expect(result!.addendumId).toBe(Number(addendum.id));
    const human = await cli('delete', String(ids.clean), '--yes');
    expect(human.stdout).toContain('WebPT addendum owed');
  });

  it('on a terminal without --yes: lists what will happen, asks once, and acts only on yes', async () => {
    const onTerminal = (args: string[], answer: boolean) =>
      run([...args, '--db', t.location], { tty: true, answers: [ask.confirm(answer, 'Permanently delete 1 session?')] });

    const no = await onTerminal(['delete', String(ids.clean), String(ids.billed)], false);
    expect(no.code).toBe(1);
    expect(no.stdout).toMatch(new RegExp(`session ${ids.clean} .*would be deleted`));
    expect(no.stdout).toMatch(new RegExp(`session ${ids.billed} .*refused`));
    expect(no.stderr).toContain('Nothing was changed.');
    expect(await status(ids.clean)).toBe('scheduled');

    const yes = await onTerminal(['delete', String(ids.clean), String(ids.billed)], true);
    expect(yes.code).toBe(3);
    expect(yes.stdout).toMatch(new RegExp(`session ${ids.clean} .*: deleted`));
    expect(await status(ids.clean)).toBeUndefined();
    expect(await status(ids.billed)).toBe('scheduled');
  });
});
