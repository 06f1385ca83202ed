// The words of each reason code: what blocks, what to do, and the command that does it.
import type { CancelReasonCode, DeleteReasonCode, Reason, SessionFacts } from '../domain/types.js';
import { plural } from '../domain/words.js';

export function reason(code: DeleteReasonCode | CancelReasonCode, id: number, facts: SessionFacts): Reason {
  switch (code) {
    case 'BILLED_TO_INSURANCE':
      return {
        code,
        message: `Session ${id} has been billed to insurance (${plural(facts.claims, 'claim')}); a billed session can never be deleted.`,
        remedy:
          'Apply Cancellation instead; specific charges are removed through the payment entry for this session.',
        command: `sessionctl cancel ${id} --class <class>`,
      };
    case 'PAYMENTS_POSTED':
      return {
        code,
        message: `Session ${id} has ${plural(facts.payments, 'payment')} posted.`,
        remedy: 'Remove the payments first, then delete the session.',
        command: `sessionctl payments list ${id}`,
      };
    case 'ADJUSTMENTS_POSTED':
      return {
        code,
        message: `Session ${id} has ${plural(facts.adjustments, 'adjustment')} posted.`,
        remedy: 'Remove the adjustments first, then delete the session.',
        command: `sessionctl adjustments list ${id}`,
      };
    case 'FINALIZED_NOTE':
      return {
        code,
        message: `Session ${id} has a finalized note; in a standalone practice it can't be deleted while the note is finalized.`,
        remedy: 'Apply Cancellation instead.',
        command: `sessionctl cancel ${id} --class <class>`,
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
