// The one place that decides which actions a session offers (CONTRACT §2).
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

export interface DecisionInput {
  id: number;
  status: SessionStatus;
  facts: SessionFacts;
}

function verdict(reasons: Reason[]): ActionVerdict {
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

export function decideDelete(s: DecisionInput, ctx: RuleContext): ActionVerdict {
  return verdict(deleteBlockers(s.facts, ctx).map((code) => reason(code, s.id, s.facts)));
}

export function decideCancel(s: DecisionInput, ctx: RuleContext): ActionVerdict {
  const reasons: Reason[] = [];
  if (s.status === 'cancelled') reasons.push(reason('ALREADY_CANCELLED', s.id, s.facts));
  if (!ctx.cancellationClassAvailable) reasons.push(reason('NO_CANCELLATION_CLASS', s.id, s.facts));
  if (ctx.readOnly) reasons.push(reason('READ_ONLY', s.id, s.facts));
  return verdict(reasons);
}

export function decide(s: DecisionInput, ctx: RuleContext): Verdict {
  return { delete: decideDelete(s, ctx), cancel: decideCancel(s, ctx) };
}

/** Notes that go with the session when it is deleted: drafts, or every note in webpt mode. */
export function removableNotes(mode: IntegrationMode): 'draft' | 'all' {
  return mode === 'webpt' ? 'all' : 'draft';
}
