// `explain <id>` for support staff, in process (harness.ts) on both engines: the facts behind each
// claim, payment, adjustment, note and charge; the integration mode; every reason and its remedy.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession, setMode, type BaseIds } from '../helpers/fixtures.js';
import { jsonOf, run } from '../helpers/harness.js';

interface Verdict {
  allowed: boolean;
  reasons: Array<{ code: string; message: string; remedy: string | null; command: string | null }>;
  command: string | null;
}
interface Explained {
  session: { id: number; status: string; patient: { name: string }; actions: Record<string, Verdict> };
  facts: Record<string, number>;
  actions: { delete: Verdict; cancel: Verdict };
  integrationMode: string;
  readOnly: boolean;
  ifWritable: { delete: Verdict; cancel: Verdict } | null;
  cancellationClasses: string[];
  details: {
    claims: Array<{ payer: string; billedAt: string; status: string }>;
    payments: Array<{ amountCents: number; method: string }>;
    adjustments: Array<{ amountCents: number; reason: string }>;
    notes: Array<{ status: string; finalizedAt: string | null }>;
    charges: Array<{ cptCode: string; units: number; amountCents: number }>;
  };
}

describe.each(ENGINES)('explain on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  let busy: number;
  let clean: number;
  const cli = (...args: string[]) => run([...args, '--db', t.location]);

  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
    busy = await makeSession(t.db, base, { claims: 2, payments: 1, adjustments: 1, finalizedNotes: 1, draftNotes: 1, charges: 2 });
    clean = await makeSession(t.db, base, { start: '10:00', draftNotes: 1, charges: 1 });
  });
  afterEach(async () => t.dispose());

  it('JSON: the session, fact counts, detail rows, the mode, and every reason with its remedy command', async () => {
    const r = await cli('explain', String(busy), '--json');
    expect(r.code).toBe(0);
    const e = jsonOf<Explained>(r);
    expect(e.session).toMatchObject({ id: busy, status: 'scheduled', patient: { name: 'Ada Lovelace' } });
    expect(e.facts).toEqual({ claims: 2, payments: 1, adjustments: 1, finalizedNotes: 1, draftNotes: 1, charges: 2 });
    expect(e.integrationMode).toBe('standalone');
    expect(e.actions.delete.allowed).toBe(false);
    expect(e.actions.delete.reasons.map((x) => [x.code, x.command])).toEqual([
      ['BILLED_TO_INSURANCE', `sessionctl cancel ${busy} --class <class>`],
      ['PAYMENTS_POSTED', `sessionctl payments list ${busy}`],
      ['ADJUSTMENTS_POSTED', `sessionctl adjustments list ${busy}`],
      ['FINALIZED_NOTE', `sessionctl cancel ${busy} --class <class>`],
    ]);
    expect(e.actions.delete.reasons.every((x) => x.remedy)).toBe(true);
    expect(e.actions.delete.command).toBeNull();
    expect(e.actions.cancel).toMatchObject({ allowed: true, reasons: [], command: `sessionctl cancel ${busy} --class Cancelled` });
    // The contract's place for the verdicts, inside the session, says the same.
    expect(e.session.actions.delete!.reasons.map((x) => x.code)).toEqual(e.actions.delete.reasons.map((x) => x.code));
    expect(e.cancellationClasses).toEqual(['Cancelled', 'No Show']);
    expect(e.details.claims).toEqual([
      expect.objectContaining({ payer: 'Aetna', billedAt: '2026-11-27T18:00:00Z', status: 'submitted' }),
      expect.objectContaining({ payer: 'Aetna' }),
    ]);
    expect(e.details.payments).toEqual([expect.objectContaining({ amountCents: 2500, method: 'card' })]);
    expect(e.details.adjustments).toEqual([expect.objectContaining({ amountCents: -500, reason: 'courtesy' })]);
    expect(e.details.notes.map((n) => n.status).sort()).toEqual(['draft', 'finalized']);
    expect(e.details.charges).toHaveLength(2);
    expect(e.readOnly).toBe(false);
    expect(e.ifWritable).toBeNull();
  });

  it('human: each claim with payer, date and status, money in dollars, each reason and what to run', async () => {
    const r = await cli('explain', String(busy));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.stdout;
    expect(out).toContain(`Session ${busy}`);
    expect(out).toContain('Aetna, billed 2026-11-27T18:00:00Z, submitted');
    expect(out).toContain('$25.00 card');
    expect(out).toContain('-$5.00 courtesy');
    expect(out).toContain('97110 × 2, $70.00');
    expect(out).toContain('Integration mode: standalone');
    expect(out).toMatch(/Permanently Delete\s+not allowed/);
    for (const code of ['BILLED_TO_INSURANCE', 'PAYMENTS_POSTED', 'ADJUSTMENTS_POSTED', 'FINALIZED_NOTE']) expect(out).toContain(code);
    expect(out).toContain(`Run: sessionctl payments list ${busy}`);
    expect(out).toMatch(/Apply Cancellation\s+allowed/);
    expect(out).toContain(`Run: sessionctl cancel ${busy} --class Cancelled`);
  });

  it('an allowed delete names its command and what goes with it; in webpt mode, the addendum it will owe', async () => {
    const standalone = await cli('explain', String(clean));
    expect(standalone.stdout).toMatch(/Permanently Delete\s+allowed/);
    expect(standalone.stdout).toContain(`Run: sessionctl delete ${clean}`);
    expect(standalone.stdout).toContain('goes with it: 1 charge, 1 draft note');
    await setMode(t.db, 'webpt');
    const e = jsonOf<Explained>(await cli('explain', String(busy), '--json'));
    expect(e.integrationMode).toBe('webpt');
    expect(e.actions.delete.reasons.map((x) => x.code)).toEqual(['BILLED_TO_INSURANCE', 'PAYMENTS_POSTED', 'ADJUSTMENTS_POSTED']);
    const human = await cli('explain', String(clean));
    expect(human.stdout).toContain('an addendum will be owed in WebPT');
  });

  it('--read-only: works, shows READ_ONLY, and what a writable database would allow', async () => {
    const r = await cli('explain', String(clean), '--json', '--read-only');
    expect(r.code).toBe(0);
    const e = jsonOf<Explained>(r);
    expect(e.readOnly).toBe(true);
    expect(e.actions.delete.reasons.map((x) => x.code)).toEqual(['READ_ONLY']);
    expect(e.actions.cancel.reasons.map((x) => x.code)).toEqual(['READ_ONLY']);
    expect(e.ifWritable?.delete.allowed).toBe(true);
    expect(e.actions.delete.command).toBe(`sessionctl delete ${clean}`);
    const human = await run(['explain', String(busy), '--db', t.location], { env: { SESSIONCTL_READ_ONLY: '1' } });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('database open read-only');
    expect(human.stdout).toMatch(/Apply Cancellation\s+not allowed here \(read-only\); allowed on a writable database/);
  });

  it('a cancelled session, and a practice without cancellation classes, say why cancel is not offered', async () => {
    const cancelled = await makeSession(t.db, base, { start: '11:00', status: 'cancelled' });
    await t.db.knex('session_classes').update({ active: false });
    const e = jsonOf<Explained>(await cli('explain', String(cancelled), '--json'));
    expect(e.actions.cancel.reasons.map((x) => [x.code, x.command])).toEqual([
      ['ALREADY_CANCELLED', null],
      ['NO_CANCELLATION_CLASS', 'sessionctl classes add "Cancelled" --cancellation'],
    ]);
    expect(e.cancellationClasses).toEqual([]);
  });

  it('an unknown session is exit 1 with what to do next, and nothing on stdout; a bad id is exit 2', async () => {
    for (const json of [[], ['--json']]) {
      const r = await cli('explain', '999999', ...json);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('No session 999999 exists.');
      expect(r.stderr).toContain('sessionctl search');
    }
    const bad = await cli('explain', 'x1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('positive whole number');
  });
});
