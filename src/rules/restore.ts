// Whether a deleted session may be put back from its audit snapshot (CONTRACT §4.1), and what may
// be done with charges. Pure: the facts come from the store, loaded inside the restoring transaction.
import type { ActionVerdict, Reason, RuleContext, SessionStatus } from '../domain/types.js';
import { verdict } from './decide.js';
import { reason, sessionList } from './reasons.js';

/** A row the snapshot refers to that is gone. */
export interface MissingReference {
  what: 'patient' | 'provider' | 'location' | 'session class';
  id: number;
}

export interface RestoreInput {
  id: number;
  /** The status the snapshot puts back. */
  status: SessionStatus;
  date: string;
  /** The session id is in use (restored already, or taken by another program). */
  exists: boolean;
  /** Not-cancelled sessions now in the snapshot's slot. */
  twins: readonly number[];
  missing: readonly MissingReference[];
}

export function decideRestore(r: RestoreInput, ctx: RuleContext): ActionVerdict {
  const reasons: Reason[] = [];
  if (r.exists) {
    reasons.push({
      code: 'SESSION_EXISTS',
      message: `Session ${r.id} exists: it has been restored already, or its id is in use.`,
      remedy: 'Nothing to restore; look at the session as it is.',
      command: `sessionctl explain ${r.id}`,
    });
  }
  // A cancelled session beside a live one is no duplicate (the duplicate scan leaves cancelled ones out).
  if (!r.exists && r.status !== 'cancelled' && r.twins.length > 0) {
    reasons.push({
      code: 'WOULD_DUPLICATE',
      message: `Restoring session ${r.id} would duplicate ${sessionList(r.twins)}: same patient, provider, date and start time, not cancelled.`,
      remedy: `${capitalized(sessionList(r.twins))} now ${r.twins.length === 1 ? 'holds' : 'hold'} that visit; restore ${r.id} only after cancelling or deleting ${r.twins.length === 1 ? 'it' : 'them'}.`,
      command: `sessionctl explain ${r.twins[0]}`,
    });
  }
  if (r.missing.length > 0) {
    const list = r.missing.map((m) => `its ${m.what} (id ${m.id})`).join(', ');
    reasons.push({
      code: 'MISSING_REFERENCE',
      message: `Session ${r.id} cannot be put back: ${list} no longer exists.`,
      remedy: 'A restored session needs every row it refers to; nothing was put back.',
      command: null,
    });
  }
  if (ctx.readOnly) reasons.push(reason('READ_ONLY', { id: r.id, status: r.status, date: r.date, facts: NO_FACTS }, ctx));
  return verdict(reasons);
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const NO_FACTS = { claims: 0, payments: 0, adjustments: 0, finalizedNotes: 0, draftNotes: 0, charges: 0 };

/** Removing a charge is refused only on a read-only database; a billed session's charges may go. */
export function decideChargeRemoval(ctx: RuleContext): ActionVerdict {
  return verdict(ctx.readOnly ? [reason('READ_ONLY', { id: 0, status: 'scheduled', date: ctx.today, facts: NO_FACTS }, ctx)] : []);
}
