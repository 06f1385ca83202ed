// Which duplicate to keep: the one the rules won't let us delete; else most attached rows; else the
// first entered (created_at, then id). Two or more undeletable: a conflict, nothing removed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseKeeper, type KeeperCandidate } from '../../src/actions/duplicates.js';
import { decide } from '../../src/rules/index.js';
import type { RuleContext, SessionFacts } from '../../src/domain/types.js';

const NONE: SessionFacts = { claims: 0, payments: 0, adjustments: 0, finalizedNotes: 0, draftNotes: 0, charges: 0 };
const STANDALONE: RuleContext = { integrationMode: 'standalone', readOnly: false, cancellationClassAvailable: true, today: '2026-11-27' };
const WEBPT: RuleContext = { ...STANDALONE, integrationMode: 'webpt' };

function m(id: number, facts: Partial<SessionFacts> = {}, createdAt = '2026-01-01T00:00:00Z'): KeeperCandidate {
  return { id, status: 'scheduled', createdAt, facts: { ...NONE, ...facts } };
}

describe('chooseKeeper', () => {
  it('keeps the first entered when nothing tells them apart, by created_at and then by id', () => {
    expect(chooseKeeper([m(5, {}, '2026-01-02T00:00:00Z'), m(9, {}, '2026-01-01T00:00:00Z')], STANDALONE)).toEqual({
      keep: 9,
      remove: [5],
      conflict: false,
      why: 'first-entered',
      undeletable: [],
    });
    expect(chooseKeeper([m(7), m(3), m(4)], STANDALONE)).toMatchObject({ keep: 3, remove: [4, 7], why: 'first-entered' });
  });

  it('keeps the one with the most attached rows (charges, notes) over the first entered', () => {
    const choice = chooseKeeper([m(1), m(2, { charges: 1, draftNotes: 1 }), m(3, { charges: 1 })], STANDALONE);
    expect(choice).toMatchObject({ keep: 2, remove: [1, 3], why: 'most-attached', conflict: false });
  });

  it('keeps the only undeletable one, however few rows it has', () => {
    const choice = chooseKeeper([m(1, { charges: 5, draftNotes: 3 }), m(2, { payments: 1 })], STANDALONE);
    expect(choice).toEqual({
      keep: 2,
      remove: [1],
      conflict: false,
      why: 'undeletable',
      undeletable: [{ id: 2, reasons: ['PAYMENTS_POSTED'] }],
    });
  });

  it.each([
    ['claims', { claims: 1 }, 'BILLED_TO_INSURANCE'],
    ['payments', { payments: 2 }, 'PAYMENTS_POSTED'],
    ['adjustments', { adjustments: 1 }, 'ADJUSTMENTS_POSTED'],
    ['a finalized note (standalone)', { finalizedNotes: 1 }, 'FINALIZED_NOTE'],
  ] as const)('two sessions with %s are a conflict: nothing removed', (_what, facts, code) => {
    const choice = chooseKeeper([m(1), m(2, facts), m(3, facts)], STANDALONE);
    expect(choice.conflict).toBe(true);
    expect(choice.why).toBe('conflict');
    expect(choice.remove).toEqual([]);
    expect(choice.undeletable).toEqual([
      { id: 2, reasons: [code] },
      { id: 3, reasons: [code] },
    ]);
    expect([2, 3]).toContain(choice.keep);
  });

  it('asks the rules: in webpt mode a finalized note does not block, it only counts as attached', () => {
    const members = [m(1, { finalizedNotes: 1 }), m(2, { finalizedNotes: 1, charges: 1 })];
    expect(chooseKeeper(members, STANDALONE).conflict).toBe(true);
    expect(chooseKeeper(members, WEBPT)).toMatchObject({ keep: 2, remove: [1], why: 'most-attached', conflict: false });
  });

  it('sets READ_ONLY aside: a read-only database gets the proposal a writable one would carry out', () => {
    const members = [m(1), m(2, { charges: 1 })];
    expect(chooseKeeper(members, { ...STANDALONE, readOnly: true })).toEqual(chooseKeeper(members, STANDALONE));
  });

  it('holds for any group: one keeper, the rest removed unless a conflict, never an undeletable one removed', () => {
    const facts = fc.record({
      claims: fc.nat(2),
      payments: fc.nat(2),
      adjustments: fc.nat(2),
      finalizedNotes: fc.nat(2),
      draftNotes: fc.nat(3),
      charges: fc.nat(3),
    });
    const member = fc.record({ facts, day: fc.integer({ min: 1, max: 3 }) });
    fc.assert(
      fc.property(fc.array(member, { minLength: 2, maxLength: 6 }), fc.boolean(), (raw, webpt) => {
        const ctx = webpt ? WEBPT : STANDALONE;
        const members = raw.map((r, i) => m(i + 1, r.facts, `2026-01-0${r.day}T00:00:00Z`));
        const choice = chooseKeeper(members, ctx);
        const undeletable = members.filter((x) => !decide(x, ctx).delete.allowed).map((x) => x.id);
        expect(choice.undeletable.map((u) => u.id)).toEqual(undeletable);
        expect(members.map((x) => x.id)).toContain(choice.keep);
        if (undeletable.length >= 2) {
          expect(choice.conflict).toBe(true);
          expect(choice.remove).toEqual([]);
          expect(undeletable).toContain(choice.keep);
        } else {
          expect(choice.conflict).toBe(false);
          expect([...choice.remove, choice.keep].sort((a, b) => a - b)).toEqual(members.map((x) => x.id));
          for (const id of choice.remove) expect(undeletable).not.toContain(id);
          if (undeletable.length === 1) expect(choice.keep).toBe(undeletable[0]);
        }
        // The same group in another order gets the same answer.
        expect(chooseKeeper([...members].reverse(), ctx)).toEqual(choice);
      }),
      { numRuns: 500 },
    );
  });
});
