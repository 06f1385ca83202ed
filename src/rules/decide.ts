// The one place that decides which actions a session offers (CONTRACT §2).
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

export interface DecisionInput {
  id: number;
  status: SessionStatus;
  facts: SessionFacts;
}

function verdict(reasons: Reason[]): ActionVerdict {
  return { allowed: reasons.length === 0, reasons };
}

export function decideDelete(s: DecisionInput, ctx: RuleContext): ActionVerdict {
  const reasons: Reason[] = [];
  if (s.facts.claims > 0) reasons.push(reason('BILLED_TO_INSURANCE', s.id, s.facts));
  if (s.facts.payments > 0) reasons.push(reason('PAYMENTS_POSTED', s.id, s.facts));
  if (s.facts.adjustments > 0) reasons.push(reason('ADJUSTMENTS_POSTED', s.id, s.facts));
  if (ctx.integrationMode === 'standalone' && s.facts.finalizedNotes > 0) {
    reasons.push(reason('FINALIZED_NOTE', s.id, s.facts));
  }
  if (ctx.readOnly) reasons.push(reason('READ_ONLY', s.id, s.facts));
  return verdict(reasons);
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
