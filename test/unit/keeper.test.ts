// Which duplicate to keep (CONTRACT §4.6): the one the rules won't let us delete (two or more: a
// conflict, nothing removed); else a confirmed one over scheduled ones; else most attached rows;
// else the first entered (created_at, then id).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseKeeper, decide, type KeepReason, type KeeperCandidate } from '../../src/rules/index.js';
import type { RuleContext, SessionFacts, SessionStatus } from '../../src/domain/types.js';

const NONE: SessionFacts = { claims: 0, payments: 0, adjustments: 0, finalizedNotes: 0, draftNotes: 0, charges: 0 };
const STANDALONE: RuleContext = { integrationMode: 'standalone', readOnly: false, cancellationClassAvailable: true, today: '2026-11-27' };
const WEBPT: RuleContext = { ...STANDALONE, integrationMode: 'webpt' };

const DAY1 = '2026-01-01T00:00:00Z';
const DAY2 = '2026-01-02T00:00:00Z';

function m(
  id: number,
  facts: Partial<SessionFacts> = {},
  createdAt = DAY1,
  status: Exclude<SessionStatus, 'cancelled'> = 'scheduled',
): KeeperCandidate {
  return { id, status, createdAt, facts: { ...NONE, ...facts } };
}
const confirmed = (id: number, facts: Partial<SessionFacts> = {}, createdAt = DAY1) => m(id, facts, createdAt, 'confirmed');

interface Case {
  what: string;
  members: KeeperCandidate[];
  ctx?: RuleContext;
  keep: number;
  remove: number[];
  why: KeepReason;
}

// Each row: a group, and the keeper the policy must choose, with the criterion that decided it.
const CASES: Case[] = [
  { what: 'nothing tells them apart: the first entered by created_at', members: [m(5, {}, DAY2), m(9, {}, DAY1)], keep: 9, remove: [5], why: 'first-entered' },
  { what: 'same created_at: the lowest id', members: [m(7), m(3), m(4)], keep: 3, remove: [4, 7], why: 'first-entered' },
  { what: 'most attached rows over first entered', members: [m(1), m(2, { charges: 1, draftNotes: 1 }), m(3, { charges: 1 })], keep: 2, remove: [1, 3], why: 'most-attached' },
  { what: 'confirmed over scheduled, though entered later', members: [m(1, {}, DAY1), confirmed(2, {}, DAY2)], keep: 2, remove: [1], why: 'confirmed' },
  { what: 'confirmed over scheduled with more attached rows', members: [m(1, { charges: 3, draftNotes: 1 }), confirmed(2)], keep: 2, remove: [1], why: 'confirmed' },
  { what: 'among confirmed ones: most attached rows', members: [confirmed(1), confirmed(2, { charges: 1 }), m(3, { charges: 4 })], keep: 2, remove: [1, 3], why: 'most-attached' },
  { what: 'among confirmed ones: first entered', members: [confirmed(4, {}, DAY2), confirmed(6, {}, DAY1), m(1)], keep: 6, remove: [1, 4], why: 'first-entered' },
  { what: 'all confirmed, nothing else apart: first entered', members: [confirmed(8), confirmed(2)], keep: 2, remove: [8], why: 'first-entered' },
  { what: 'the only undeletable one over a confirmed one', members: [confirmed(1, { charges: 5 }), m(2, { payments: 1 })], keep: 2, remove: [1], why: 'undeletable' },
  { what: 'the only undeletable one, however few rows', members: [m(1, { charges: 5, draftNotes: 3 }), m(2, { payments: 1 })], keep: 2, remove: [1], why: 'undeletable' },
  { what: 'webpt: a finalized note does not block, it counts as attached', members: [m(1, { finalizedNotes: 1 }), m(2, { finalizedNotes: 1, charges: 1 })], ctx: WEBPT, keep: 2, remove: [1], why: 'most-attached' },
  { what: 'webpt: confirmed before the finalized notes', members: [m(1, { finalizedNotes: 2 }), confirmed(2, {}, DAY2)], ctx: WEBPT, keep: 2, remove: [1], why: 'confirmed' },
];

describe('chooseKeeper', () => {
  it.each(CASES)('$what', ({ members, ctx, keep, remove, why }) => {
    const choice = chooseKeeper(members, ctx ?? STANDALONE);
    expect(choice).toMatchObject({ keep, remove, why, conflict: false });
    // Whatever order the group comes in.
    expect(chooseKeeper([...members].reverse(), ctx ?? STANDALONE)).toEqual(choice);
  });

  it('names the undeletable member and what blocks it', () => {
    expect(chooseKeeper([m(1, { charges: 5 }), m(2, { payments: 1 })], STANDALONE)).toEqual({
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
  ] as const)('two sessions with %s are a conflict: nothing removed, not even a clean confirmed one', (_what, facts, code) => {
    const choice = chooseKeeper([confirmed(1), m(2, facts), m(3, facts)], STANDALONE);
    expect(choice.conflict).toBe(true);
    expect(choice.why).toBe('conflict');
    expect(choice.remove).toEqual([]);
    expect(choice.undeletable).toEqual([
      { id: 2, reasons: [code] },
      { id: 3, reasons: [code] },
    ]);
    expect([2, 3]).toContain(choice.keep);
  });

  it('in a conflict, suggests the confirmed one of the undeletable', () => {
    expect(chooseKeeper([m(1, { claims: 1, charges: 4 }), confirmed(2, { claims: 1 }, DAY2)], STANDALONE)).toMatchObject({
      conflict: true,
      keep: 2,
    });
  });

  it('sets READ_ONLY aside: a read-only database gets the proposal a writable one would carry out', () => {
    const members = [m(1), confirmed(2, {}, DAY2), m(3, { charges: 1 })];
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
    const member = fc.record({ facts, day: fc.integer({ min: 1, max: 3 }), confirmed: fc.boolean() });
    fc.assert(
      fc.property(fc.array(member, { minLength: 2, maxLength: 6 }), fc.boolean(), (raw, webpt) => {
        const ctx = webpt ? WEBPT : STANDALONE;
        const members = raw.map((r, i) => m(i + 1, r.facts, `2026-01-0${r.day}T00:00:00Z`, r.confirmed ? 'confirmed' : 'scheduled'));
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
          // With none undeletable, a scheduled copy is never kept while a confirmed one goes.
          const kept = members.find((x) => x.id === choice.keep)!;
          if (undeletable.length === 0 && members.some((x) => x.status === 'confirmed')) expect(kept.status).toBe('confirmed');
        }
        // The same group in another order gets the same answer.
        expect(chooseKeeper([...members].reverse(), ctx)).toEqual(choice);
      }),
      { numRuns: 500 },
    );
  });
});
