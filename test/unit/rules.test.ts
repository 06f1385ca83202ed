// The rules over every combination of facts, settings and status, in both integration modes.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/rules/index.js';
import type { IntegrationMode, ReasonCode, SessionFacts, SessionStatus } from '../../src/domain/types.js';

const STATUSES: SessionStatus[] = ['scheduled', 'confirmed', 'cancelled'];
const MODES: IntegrationMode[] = ['standalone', 'webpt'];
const FACT_KEYS: (keyof SessionFacts)[] = ['claims', 'payments', 'adjustments', 'finalizedNotes', 'draftNotes', 'charges'];

// CONTRACT §2, written as its table reads: the condition under which each code applies.
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

interface Case {
  facts: SessionFacts;
  status: SessionStatus;
  mode: IntegrationMode;
  readOnly: boolean;
  classAvailable: boolean;
}

function* cases(): Generator<Case> {
  for (let mask = 0; mask < 1 << FACT_KEYS.length; mask++) {
    // 0, 1 or 2 of each: counts above one must behave like one.
    const facts = Object.fromEntries(FACT_KEYS.map((k, i) => [k, mask & (1 << i) ? 1 + (mask % 2) : 0])) as unknown as SessionFacts;
    for (const status of STATUSES)
      for (const mode of MODES)
        for (const readOnly of [false, true])
          for (const classAvailable of [false, true]) yield { facts, status, mode, readOnly, classAvailable };
  }
}

const all = [...cases()];

describe('rules: every combination', () => {
  it(`covers ${all.length} combinations`, () => {
    expect(all.length).toBe(64 * 3 * 2 * 2 * 2);
  });

  for (const mode of MODES) {
    it(`decides delete and cancel as the contract's tables say (${mode})`, () => {
      for (const c of all.filter((x) => x.mode === mode)) {
        const v = decide(
          { id: 42, status: c.status, facts: c.facts },
          { integrationMode: c.mode, readOnly: c.readOnly, cancellationClassAvailable: c.classAvailable, today: '2026-11-27' },
        );
        const expectDelete = DELETE_TABLE.filter(([, when]) => when(c)).map(([code]) => code);
        const expectCancel = CANCEL_TABLE.filter(([, when]) => when(c)).map(([code]) => code);
        expect(v.delete.reasons.map((r) => r.code), JSON.stringify(c)).toEqual(expectDelete);
        expect(v.cancel.reasons.map((r) => r.code), JSON.stringify(c)).toEqual(expectCancel);
        expect(v.delete.allowed).toBe(expectDelete.length === 0);
        expect(v.cancel.allowed).toBe(expectCancel.length === 0);
      }
    });
  }

  it('never lets charges or draft notes block a delete', () => {
    for (const c of all.filter((x) => x.facts.charges + x.facts.draftNotes > 0)) {
      const stripped = { ...c.facts, charges: 0, draftNotes: 0 };
      const ctx = { integrationMode: c.mode, readOnly: c.readOnly, cancellationClassAvailable: c.classAvailable, today: '2026-11-27' };
      expect(decide({ id: 1, status: c.status, facts: c.facts }, ctx)).toEqual(decide({ id: 1, status: c.status, facts: stripped }, ctx));
    }
  });
});

describe('rules: the words of each reason', () => {
  const facts: SessionFacts = { claims: 2, payments: 1, adjustments: 3, finalizedNotes: 1, draftNotes: 0, charges: 0 };
  const v = decide(
    { id: 42, status: 'cancelled', facts },
    { integrationMode: 'standalone', readOnly: true, cancellationClassAvailable: false, today: '2026-11-27' },
  );
  const byCode = Object.fromEntries([...v.delete.reasons, ...v.cancel.reasons].map((r) => [r.code, r]));

  it.each([
    ['BILLED_TO_INSURANCE', /billed to insurance \(2 claims\)/, 'sessionctl cancel 42 --class <class>'],
    ['PAYMENTS_POSTED', /1 payment posted/, 'sessionctl payments list 42'],
    ['ADJUSTMENTS_POSTED', /3 adjustments posted/, 'sessionctl adjustments list 42'],
    ['FINALIZED_NOTE', /finalized note/, 'sessionctl cancel 42 --class <class>'],
    ['ALREADY_CANCELLED', /already cancelled/, null],
    ['NO_CANCELLATION_CLASS', /No active cancellation class/, 'sessionctl classes add "Cancelled" --cancellation'],
    ['READ_ONLY', /read-only/, null],
  ] as const)('%s says what blocks and what to do', (code, message, command) => {
    const r = byCode[code];
    expect(r, code).toBeDefined();
    expect(r!.message).toMatch(message);
    expect(r!.command).toBe(command);
    if (code !== 'ALREADY_CANCELLED') expect(r!.remedy).toBeTruthy();
  });

  it('names the session in every session-specific message', () => {
    for (const code of ['BILLED_TO_INSURANCE', 'PAYMENTS_POSTED', 'ADJUSTMENTS_POSTED', 'FINALIZED_NOTE', 'ALREADY_CANCELLED']) {
      expect(byCode[code]!.message).toContain('Session 42');
    }
  });
});
