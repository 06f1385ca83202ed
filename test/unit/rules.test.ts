// The rules over every combination of facts, settings, status, date and same-slot twins, in both
// integration modes: the four actions of a session (CONTRACT §2, §4.1), restore, and the remedies.
import { describe, expect, it } from 'vitest';
import { decide, decideChargeRemoval, decideRestore } from '../../src/rules/index.js';
import type { IntegrationMode, ReasonCode, RuleContext, SessionFacts, SessionStatus } from '../../src/domain/types.js';

const STATUSES: SessionStatus[] = ['scheduled', 'confirmed', 'cancelled'];
const MODES: IntegrationMode[] = ['standalone', 'webpt'];
const FACT_KEYS: (keyof SessionFacts)[] = ['claims', 'payments', 'adjustments', 'finalizedNotes', 'draftNotes', 'charges'];
const TODAY = '2026-11-27';
const DATES = ['2026-11-26', TODAY, '2026-11-28'];

// CONTRACT §2 and §4.1, written as their tables read: the condition under which each code applies.
const DELETE_TABLE: Array<[ReasonCode, (c: Case) => boolean]> = [
  ['BILLED_TO_INSURANCE', (c) => c.facts.claims > 0],
  ['PAYMENTS_POSTED', (c) => c.facts.payments > 0],
  ['ADJUSTMENTS_POSTED', (c) => c.facts.adjustments > 0],
  ['FINALIZED_NOTE', (c) => c.mode === 'standalone' && c.facts.finalizedNotes > 0],
  ['READ_ONLY', (c) => c.readOnly],
];
const CANCEL_TABLE: Array<[ReasonCode, (c: Case) => boolean]> = [
  ['ALREADY_CANCELLED', (c) => c.status === 'cancelled'],
  ['NO_CANCELLATION_CLASS', (c) => !c.classAvailable],
  ['READ_ONLY', (c) => c.readOnly],
];
const CONFIRM_TABLE: Array<[ReasonCode, (c: Case) => boolean]> = [
  ['ALREADY_CONFIRMED', (c) => c.status === 'confirmed'],
  ['SESSION_CANCELLED', (c) => c.status === 'cancelled'],
  ['NOT_YET_HELD', (c) => c.date > TODAY],
  ['READ_ONLY', (c) => c.readOnly],
];
const UNCANCEL_TABLE: Array<[ReasonCode, (c: Case) => boolean]> = [
  ['NOT_CANCELLED', (c) => c.status !== 'cancelled'],
  ['WOULD_DUPLICATE', (c) => c.status === 'cancelled' && c.twins.length > 0],
  ['READ_ONLY', (c) => c.readOnly],
];

interface Case {
  facts: SessionFacts;
  status: SessionStatus;
  mode: IntegrationMode;
  readOnly: boolean;
  classAvailable: boolean;
  date: string;
  twins: number[];
}

function* cases(): Generator<Case> {
  for (let mask = 0; mask < 1 << FACT_KEYS.length; mask++) {
    // 0, 1 or 2 of each: counts above one must behave like one.
    const facts = Object.fromEntries(FACT_KEYS.map((k, i) => [k, mask & (1 << i) ? 1 + (mask % 2) : 0])) as unknown as SessionFacts;
    for (const status of STATUSES)
      for (const mode of MODES)
        for (const readOnly of [false, true])
          for (const classAvailable of [false, true])
            for (const date of DATES)
              for (const twins of [[], [7, 9]]) yield { facts, status, mode, readOnly, classAvailable, date, twins };
  }
}

const all = [...cases()];
const ctxOf = (c: Case): RuleContext => ({
  integrationMode: c.mode,
  readOnly: c.readOnly,
  cancellationClassAvailable: c.classAvailable,
  today: TODAY,
});
const verdictOf = (c: Case) => decide({ id: 42, status: c.status, date: c.date, facts: c.facts, twins: c.twins }, ctxOf(c));
const codes = (table: Array<[ReasonCode, (c: Case) => boolean]>, c: Case) => table.filter(([, when]) => when(c)).map(([code]) => code);

describe('rules: every combination', () => {
  it(`covers ${all.length} combinations`, () => {
    expect(all.length).toBe(64 * 3 * 2 * 2 * 2 * 3 * 2);
  });

  for (const mode of MODES) {
    it(`decides delete, cancel, confirm and uncancel as the contract's tables say (${mode})`, () => {
      for (const c of all.filter((x) => x.mode === mode)) {
        const v = verdictOf(c);
        for (const [action, table] of [
          ['delete', DELETE_TABLE],
          ['cancel', CANCEL_TABLE],
          ['confirm', CONFIRM_TABLE],
          ['uncancel', UNCANCEL_TABLE],
        ] as const) {
          const expected = codes(table, c);
          expect(v[action].reasons.map((r) => r.code), `${action} ${JSON.stringify(c)}`).toEqual(expected);
          expect(v[action].allowed).toBe(expected.length === 0);
        }
      }
    });
  }

  it('never lets charges or draft notes block a delete', () => {
    for (const c of all.filter((x) => x.facts.charges + x.facts.draftNotes > 0)) {
      const stripped = { ...c, facts: { ...c.facts, charges: 0, draftNotes: 0 } };
      expect(verdictOf(c)).toEqual(verdictOf(stripped));
    }
  });
});

describe('rules: remedies fit the state', () => {
  it('never suggests removing payments or adjustments when a blocker that removal cannot lift is present', () => {
    for (const c of all) {
      const unliftable = c.facts.claims > 0 || (c.mode === 'standalone' && c.facts.finalizedNotes > 0);
      for (const r of verdictOf(c).delete.reasons.filter((x) => x.code === 'PAYMENTS_POSTED' || x.code === 'ADJUSTMENTS_POSTED')) {
        const what = r.code === 'PAYMENTS_POSTED' ? 'payments' : 'adjustments';
        if (unliftable) {
          expect(r.command, JSON.stringify(c)).toBeNull();
          expect(r.remedy).toContain(`Removing the ${what} would not make it deletable`);
        } else {
          expect(r.command).toBe(`sessionctl ${what} list 42`);
          expect(r.remedy).toMatch(/^Remove the/);
        }
      }
    }
  });

  it('never offers Apply Cancellation on a session already cancelled, and offers it otherwise', () => {
    for (const c of all) {
      const v = verdictOf(c);
      const reasons = [...v.delete.reasons, ...v.cancel.reasons, ...v.confirm.reasons, ...v.uncancel.reasons];
      for (const r of reasons) {
        const words = `${r.remedy ?? ''} ${r.command ?? ''}`;
        if (c.status === 'cancelled') {
          expect(words, `${r.code} ${JSON.stringify(c)}`).not.toMatch(/Apply Cancellation|sessionctl cancel /);
        }
      }
      if (c.status !== 'cancelled' && c.facts.claims > 0) {
        expect(v.delete.reasons.find((r) => r.code === 'BILLED_TO_INSURANCE')?.remedy).toMatch(/^Apply Cancellation instead/);
      }
    }
  });

  it("names `sessionctl charges list <id>` in BILLED_TO_INSURANCE's remedy, whatever the status", () => {
    for (const c of all.filter((x) => x.facts.claims > 0)) {
      const billed = verdictOf(c).delete.reasons.find((r) => r.code === 'BILLED_TO_INSURANCE');
      expect(billed?.command).toBe('sessionctl charges list 42');
      expect(billed?.remedy).toMatch(/remove them/);
    }
  });

  it('names every twin in WOULD_DUPLICATE', () => {
    const c = all.find((x) => x.status === 'cancelled' && x.twins.length === 2 && !x.readOnly)!;
    const r = verdictOf(c).uncancel.reasons[0]!;
    expect(r.code).toBe('WOULD_DUPLICATE');
    expect(r.message).toContain('sessions 7 and 9');
    expect(r.command).toBe('sessionctl explain 7');
  });
});

describe('rules: the words of each reason', () => {
  const facts: SessionFacts = { claims: 2, payments: 1, adjustments: 3, finalizedNotes: 1, draftNotes: 0, charges: 0 };
  const ctx: RuleContext = { integrationMode: 'standalone', readOnly: true, cancellationClassAvailable: false, today: TODAY };
  const cancelled = decide({ id: 42, status: 'cancelled', date: TODAY, facts }, ctx);
  const scheduled = decide({ id: 42, status: 'scheduled', date: '2026-11-30', facts: { ...facts, claims: 0, finalizedNotes: 0 } }, ctx);
  const confirmed = decide({ id: 42, status: 'confirmed', date: TODAY, facts }, ctx);
  const byCode = Object.fromEntries(
    [cancelled, scheduled, confirmed].flatMap((v) => [...v.delete.reasons, ...v.cancel.reasons, ...v.confirm.reasons, ...v.uncancel.reasons].map((r) => [r.code, r])).reverse(),
  );
  // The first of each code wins (reverse above): the cancelled, billed session's words where it has the code.
  it.each([
    ['BILLED_TO_INSURANCE', /billed to insurance \(2 claims\)/, 'sessionctl charges list 42'],
    ['PAYMENTS_POSTED', /1 payment posted/, null],
    ['ADJUSTMENTS_POSTED', /3 adjustments posted/, null],
    ['FINALIZED_NOTE', /finalized note/, null],
    ['ALREADY_CANCELLED', /already cancelled/, null],
    ['NO_CANCELLATION_CLASS', /No active cancellation class/, 'sessionctl classes add "Cancelled" --cancellation'],
    ['READ_ONLY', /read-only/, null],
    ['SESSION_CANCELLED', /is cancelled/, 'sessionctl uncancel 42'],
    ['NOT_YET_HELD', /on 2026-11-30, after today \(2026-11-27\)/, null],
    ['ALREADY_CONFIRMED', /already confirmed/, null],
    ['NOT_CANCELLED', /not cancelled \(it is scheduled\)/, null],
  ] as const)('%s says what blocks and what to do', (code, message, command) => {
    const r = byCode[code];
    expect(r, code).toBeDefined();
    expect(r!.message).toMatch(message);
    expect(r!.command).toBe(command);
    if (!['ALREADY_CANCELLED', 'ALREADY_CONFIRMED', 'NOT_CANCELLED'].includes(code)) expect(r!.remedy).toBeTruthy();
  });

  it('a scheduled session with payments only is told to remove them, with the command', () => {
    expect(byCode.PAYMENTS_POSTED).toBeDefined();
    const paid = scheduled.delete.reasons.find((r) => r.code === 'PAYMENTS_POSTED')!;
    expect(paid.command).toBe('sessionctl payments list 42');
  });

  it('names the session in every session-specific message', () => {
    for (const code of ['BILLED_TO_INSURANCE', 'PAYMENTS_POSTED', 'ADJUSTMENTS_POSTED', 'FINALIZED_NOTE', 'ALREADY_CANCELLED', 'SESSION_CANCELLED', 'NOT_YET_HELD', 'ALREADY_CONFIRMED', 'NOT_CANCELLED']) {
      expect(byCode[code]!.message).toContain('Session 42');
    }
  });
});

describe('rules: restore and charges', () => {
  const writable: RuleContext = { integrationMode: 'standalone', readOnly: false, cancellationClassAvailable: true, today: TODAY };
  const base = { id: 42, status: 'scheduled' as SessionStatus, date: TODAY, exists: false, twins: [] as number[], missing: [] as never[] };

  it('restore: every combination of exists, twins, missing references, status and read-only', () => {
    for (const exists of [false, true])
      for (const twins of [[], [8]])
        for (const missing of [[], [{ what: 'patient' as const, id: 3 }]])
          for (const status of STATUSES)
            for (const readOnly of [false, true]) {
              const v = decideRestore({ ...base, exists, twins, missing, status }, { ...writable, readOnly });
              const expected = [
                exists ? 'SESSION_EXISTS' : null,
                !exists && status !== 'cancelled' && twins.length > 0 ? 'WOULD_DUPLICATE' : null,
                missing.length > 0 ? 'MISSING_REFERENCE' : null,
                readOnly ? 'READ_ONLY' : null,
              ].filter(Boolean);
              expect(v.reasons.map((r) => r.code)).toEqual(expected);
              expect(v.allowed).toBe(expected.length === 0);
            }
  });

  it('restore: the messages name the twin and what is missing', () => {
    const v = decideRestore({ ...base, twins: [8], missing: [{ what: 'patient', id: 3 }, { what: 'location', id: 2 }] }, writable);
    expect(v.reasons[0]!.message).toContain('session 8');
    expect(v.reasons[1]!.message).toContain('its patient (id 3), its location (id 2) no longer exists');
  });

  it('charges: only a read-only database refuses a removal', () => {
    expect(decideChargeRemoval(writable)).toEqual({ allowed: true, reasons: [] });
    expect(decideChargeRemoval({ ...writable, readOnly: true }).reasons.map((r) => r.code)).toEqual(['READ_ONLY']);
  });
});
