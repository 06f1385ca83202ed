// The words of each reason code: what blocks, what to do, and the command that does it.
// Remedies fit the session's state: nothing is suggested that would not help (CONTRACT §4.2; issue 14).
import type { CancelReasonCode, ConfirmReasonCode, DeleteReasonCode, Reason, RuleContext, UncancelReasonCode } from '../domain/types.js';
import { plural } from '../domain/words.js';
import type { DeleteInput } from './decide.js';

/** The session as the words need it: date and twins only for the codes that speak of them. */
type Subject = DeleteInput & { date?: string; twins?: readonly number[] };

/** "session 12", "sessions 12 and 14", "sessions 12, 14 and 15". */
export function sessionList(ids: readonly number[]): string {
  if (ids.length <= 1) return `session ${ids[0] ?? ''}`.trim();
  return `sessions ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/** A blocker that no removal of payments or adjustments can lift, in words; null when there is none. */
function unliftable(s: Subject, ctx: RuleContext): string | null {
  if (s.facts.claims > 0) return 'it has been billed to insurance';
  if (ctx.integrationMode === 'standalone' && s.facts.finalizedNotes > 0) return 'it has a finalized note';
  return null;
}

type SessionReasonCode = DeleteReasonCode | CancelReasonCode | ConfirmReasonCode | UncancelReasonCode;

export function reason(code: SessionReasonCode, s: Subject, ctx: RuleContext): Reason {
  const { id, facts } = s;
  const cancelled = s.status === 'cancelled';
  switch (code) {
    case 'BILLED_TO_INSURANCE':
      return {
        code,
        message: `Session ${id} has been billed to insurance (${plural(facts.claims, 'claim')}); a billed session can never be deleted.`,
        remedy: cancelled
          ? 'It is already cancelled, which is where a billed visit that did not happen belongs; to take back specific charges, remove them (the payer then needs a corrected claim).'
          : 'Apply Cancellation instead; to take back specific charges, remove them (the payer then needs a corrected claim).',
        command: `sessionctl charges list ${id}`,
      };
    case 'PAYMENTS_POSTED':
    case 'ADJUSTMENTS_POSTED': {
      const what = code === 'PAYMENTS_POSTED' ? 'payment' : 'adjustment';
      const n = code === 'PAYMENTS_POSTED' ? facts.payments : facts.adjustments;
      const still = unliftable(s, ctx);
      return {
        code,
        message: `Session ${id} has ${plural(n, what)} posted.`,
        remedy: still
          ? `Removing the ${what}s would not make it deletable: ${still}.`
          : `Remove the ${what}s first, then delete the session.`,
        command: still ? null : `sessionctl ${what}s list ${id}`,
      };
    }
    case 'FINALIZED_NOTE':
      return {
        code,
        message: `Session ${id} has a finalized note; in a standalone practice it can't be deleted while the note is finalized.`,
        remedy: cancelled ? 'It is already cancelled; the finalized note stays with it as part of the record.' : 'Apply Cancellation instead.',
        command: cancelled ? null : `sessionctl cancel ${id} --class <class>`,
      };
    case 'ALREADY_CANCELLED':
      return {
        code,
        message: `Session ${id} is already cancelled.`,
        remedy: null,
        command: null,
      };
    case 'NO_CANCELLATION_CLASS':
      return {
        code,
        message: 'No active cancellation class exists, so no session can be cancelled.',
        remedy: 'Add a cancellation class (for example "Cancelled" or "No Show").',
        command: 'sessionctl classes add "Cancelled" --cancellation',
      };
    case 'READ_ONLY':
      return {
        code,
        message: 'The database is open read-only.',
        remedy: 'Run the command again without --read-only (and without SESSIONCTL_READ_ONLY=1).',
        command: null,
      };
    case 'ALREADY_CONFIRMED':
      return { code, message: `Session ${id} is already confirmed.`, remedy: null, command: null };
    case 'SESSION_CANCELLED':
      return {
        code,
        message: `Session ${id} is cancelled; a cancelled session is not confirmed.`,
        remedy: 'If the visit did take place, revert the cancellation first.',
        command: `sessionctl uncancel ${id}`,
      };
    case 'NOT_YET_HELD':
      return {
        code,
        message: `Session ${id} is on ${s.date}, after today (${ctx.today}); a visit is confirmed once it has taken place.`,
        remedy: 'Confirm it on or after its day.',
        command: null,
      };
    case 'NOT_CANCELLED':
      return { code, message: `Session ${id} is not cancelled (it is ${s.status}).`, remedy: null, command: null };
    case 'WOULD_DUPLICATE': {
      const twins = s.twins ?? [];
      return {
        code,
        message: `Reverting the cancellation of session ${id} would duplicate ${sessionList(twins)}: same patient, provider, date and start time, not cancelled.`,
        remedy: `Leave session ${id} cancelled; ${sessionList(twins)} ${twins.length === 1 ? 'holds' : 'hold'} that visit.`,
        command: `sessionctl explain ${twins[0] ?? id}`,
      };
    }
  }
}

/** The database refused to delete a session that the rules allow: a row the rules do not know of points at it. */
export function stillReferenced(id: number): Reason {
  return {
    code: 'STILL_REFERENCED',
    message: `Session ${id} is still referenced by other rows in the database (a foreign key refused the delete).`,
    remedy: 'Look at what the practice system has attached to it, or Apply Cancellation instead.',
    command: `sessionctl explain ${id}`,
  };
}
