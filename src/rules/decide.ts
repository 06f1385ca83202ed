// The one place that decides which actions a session offers (CONTRACT §2, §4.1).
// Every list, prompt, explain and transaction calls decide(); nothing else encodes a rule.
import type {
  ActionVerdict,
  DeleteReasonCode,
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

/**
 * The codes that block Permanently Delete, without their messages: for callers that weigh many
 * sessions at once (the duplicate scan) and need only whether, and why in codes. decideDelete words them.
 */
export function deleteBlockers(facts: SessionFacts, ctx: RuleContext): DeleteReasonCode[] {
  const codes: DeleteReasonCode[] = [];
  if (facts.claims > 0) codes.push('BILLED_TO_INSURANCE');
  if (facts.payments > 0) codes.push('PAYMENTS_POSTED');
  if (facts.adjustments > 0) codes.push('ADJUSTMENTS_POSTED');
  if (ctx.integrationMode === 'standalone' && facts.finalizedNotes > 0) codes.push('FINALIZED_NOTE');
  if (ctx.readOnly) codes.push('READ_ONLY');
  return codes;
}

export function decideDelete(s: DeleteInput, ctx: RuleContext): ActionVerdict {
  return verdict(deleteBlockers(s.facts, ctx).map((code) => reason(code, s, ctx)));
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
