// Whether a session proposed for removal is still a duplicate of its keeper at the moment of change.
// The scan's plan can go stale (the keeper deleted or cancelled, this copy cancelled or moved); removing
// the copy then would lose the visit, so the clean-up refuses it like any other refusal.
import type { Reason } from '../domain/types.js';
import type { DuplicateCandidate } from '../domain/duplicates.js';

export type { DuplicateCandidate };

export function noLongerDuplicate(session: DuplicateCandidate, keeper: DuplicateCandidate | undefined, keeperId: number): Reason | null {
  const why = !keeper
    ? `session ${keeperId}, the one to keep, no longer exists`
    : keeper.status === 'cancelled'
      ? `session ${keeperId}, the one to keep, has been cancelled`
      : session.status === 'cancelled'
        ? `it has been cancelled`
        : keeper.patient.id !== session.patient.id ||
            keeper.provider.id !== session.provider.id ||
            keeper.date !== session.date ||
            keeper.start !== session.start
          ? `it no longer shares patient, provider, date and time with session ${keeperId}`
          : null;
  if (why === null) return null;
  return {
    code: 'NO_LONGER_DUPLICATE',
    message: `Session ${session.id} is no longer a duplicate to remove: ${why} since the duplicates were listed.`,
    remedy: 'List the duplicates again to see the groups as they are now.',
    command: 'sessionctl duplicates',
  };
}
