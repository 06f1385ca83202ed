// The JSON shapes of CONTRACT §3. Scripts rely on these keys; add keys, never rename them.
import type { ActionVerdict, OutcomeResult, Reason, Session, Verdict } from '../domain/types.js';

export function reasonJson(r: Reason) {
  return { code: r.code, message: r.message, remedy: r.remedy, command: r.command };
}

export function verdictJson(v: ActionVerdict) {
  return { allowed: v.allowed, reasons: v.reasons.map(reasonJson) };
}

export function sessionJson(s: Session, verdict: Verdict) {
  return {
    id: s.id,
    date: s.date,
    start: s.start,
    durationMinutes: s.durationMinutes,
    status: s.status,
    class: s.sessionClass?.name ?? null,
    patient: { id: s.patient.id, name: s.patient.name, chartNumber: s.patient.chartNumber },
    provider: { id: s.provider.id, name: s.provider.name },
    location: s.location ? { id: s.location.id, name: s.location.name } : null,
    actions: {
      delete: verdictJson(verdict.delete),
      cancel: verdictJson(verdict.cancel),
      confirm: verdictJson(verdict.confirm),
      uncancel: verdictJson(verdict.uncancel),
    },
    ...(s.twins !== undefined ? { twins: s.twins } : {}),
  };
}

export function outcomeJson(r: OutcomeResult) {
  return {
    id: r.id,
    outcome: r.outcome,
    reasons: r.reasons.map(reasonJson),
    ...(r.addendumId !== undefined ? { addendumId: r.addendumId } : {}),
    ...(r.subject !== undefined && r.session ? { sessionId: r.session.id } : {}),
    ...(r.warnings !== undefined ? { warnings: r.warnings.map((w) => ({ code: w.code, message: w.message })) } : {}),
    ...(r.deletion !== undefined ? { deletion: r.deletion } : {}),
  };
}
