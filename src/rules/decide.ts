// The one place that decides which actions a session offers (CONTRACT §2, §4.1).
// Every list, prompt, explain and transaction calls decide(); nothing else encodes a rule.
import type {
  ActionVerdict,
  IntegrationMode,
  Reason,
  RuleContext,
  SessionFacts,
  SessionStatus,
  Verdict,
} from '../domain/types.js';
import { reason } from './reasons.js';

/** What Permanently Delete and Apply Cancellation look at. */
export interface DeleteInput {
  id: number;
  status: SessionStatus;
  facts: SessionFacts;
}

export interface DecisionInput extends DeleteInput {
  /** The scheduled date (YYYY-MM-DD): a visit after the practice's today has not been held. */
  date: string;
  /** Other not-cancelled sessions in the same slot (patient, provider, date, start); absent = none known. */
  twins?: readonly number[];
}

export function verdict(reasons: Reason[]): ActionVerdict {
  return { allowed: reasons.length === 0, reasons };
}

export function decideDelete(s: DeleteInput, ctx: RuleContext): ActionVerdict {
  const reasons: Reason[] = [];
  if (s.facts.claims > 0) reasons.push(reason('BILLED_TO_INSURANCE', s, ctx));
  if (s.facts.payments > 0) reasons.push(reason('PAYMENTS_POSTED', s, ctx));
  if (s.facts.adjustments > 0) reasons.push(reason('ADJUSTMENTS_POSTED', s, ctx));
  if (ctx.integrationMode === 'standalone' && s.facts.finalizedNotes > 0) {
    reasons.push(reason('FINALIZED_NOTE', s, ctx));
  }
  if (ctx.readOnly) reasons.push(reason('READ_ONLY', s, ctx));
  return verdict(reasons);
}

export function decideCancel(s: DeleteInput, ctx: RuleContext): ActionVerdict {
  const reasons: Reason[] = [];
  if (s.status === 'cancelled') reasons.push(reason('ALREADY_CANCELLED', s, ctx));
  if (!ctx.cancellationClassAvailable) reasons.push(reason('NO_CANCELLATION_CLASS', s, ctx));
  if (ctx.readOnly) reasons.push(reason('READ_ONLY', s, ctx));
  return verdict(reasons);
}

/** Confirm: billing says the visit took place, so it must be scheduled and not in the future. */
export function decideConfirm(s: DecisionInput, ctx: RuleContext): ActionVerdict {
  const reasons: Reason[] = [];
  if (s.status === 'confirmed') reasons.push(reason('ALREADY_CONFIRMED', s, ctx));
  if (s.status === 'cancelled') reasons.push(reason('SESSION_CANCELLED', s, ctx));
  if (s.date > ctx.today) reasons.push(reason('NOT_YET_HELD', s, ctx));
  if (ctx.readOnly) reasons.push(reason('READ_ONLY', s, ctx));
  return verdict(reasons);
}

/** Revert Cancellation: only a cancelled session, and never into a slot another live session holds. */
export function decideUncancel(s: DecisionInput, ctx: RuleContext): ActionVerdict {
  const reasons: Reason[] = [];
  if (s.status !== 'cancelled') reasons.push(reason('NOT_CANCELLED', s, ctx));
  else if ((s.twins ?? []).length > 0) reasons.push(reason('WOULD_DUPLICATE', s, ctx));
  if (ctx.readOnly) reasons.push(reason('READ_ONLY', s, ctx));
  return verdict(reasons);
}

export function decide(s: DecisionInput, ctx: RuleContext): Verdict {
  return {
    delete: decideDelete(s, ctx),
    cancel: decideCancel(s, ctx),
    confirm: decideConfirm(s, ctx),
    uncancel: decideUncancel(s, ctx),
  };
}

/** Notes that go with the session when it is deleted: drafts, or every note in webpt mode. */
export function removableNotes(mode: IntegrationMode): 'draft' | 'all' {
  return mode === 'webpt' ? 'all' : 'draft';
}
