// Outcomes of the changes, for people: short lines on stdout (the exit status: domain/exit-codes.ts).
import type { Deletion, OutcomeResult } from '../domain/types.js';
import type { Output } from './output.js';

const WORDS: Record<OutcomeResult['outcome'], string> = {
  deleted: 'deleted',
  cancelled: 'cancelled',
  confirmed: 'confirmed',
  uncancelled: 'cancellation reverted',
  restored: 'restored',
  removed: 'removed',
  'would-delete': 'would be deleted',
  'would-cancel': 'would be cancelled',
  'would-confirm': 'would be confirmed',
  'would-uncancel': 'cancellation would be reverted',
  'would-restore': 'would be restored',
  'would-remove': 'would be removed',
  blocked: 'refused',
  'not-found': 'not found',
};

/** A session id that no longer exists because someone deleted it. */
export function deletedMessage(id: number, d: Deletion): string {
  return `Session ${id} was deleted by ${d.actor} at ${d.at}.`;
}

export function deletedHint(id: number, d: Deletion): string {
  return `See what was removed: \`sessionctl audit show ${d.auditId}\`; put it back: \`sessionctl restore ${id}\`.`;
}

export function describeSession(r: OutcomeResult): string {
  const s = r.session;
  return s ? `${s.date} ${s.start} ${s.patient.name} with ${s.provider.name}` : '';
}

function notFoundText(r: OutcomeResult): string {
  if (r.notFound) return r.notFound;
  if (r.deletion) return `${deletedMessage(r.id, r.deletion)} ${deletedHint(r.id, r.deletion)}`;
  if (r.subject) return `No ${r.subject} exists.`;
  return `No session ${r.id} exists. Find it with \`sessionctl search\`.`;
}

export function printOutcomes(out: Output, results: readonly OutcomeResult[]): void {
  const c = out.color;
  for (const r of results) {
    const mark =
      r.outcome === 'blocked' ? c.red('✖') : r.outcome === 'not-found' ? c.red('?') : r.outcome.startsWith('would') ? c.cyan('•') : c.green('✔');
    const what = describeSession(r);
    out.print(`${mark} ${r.subject ?? `session ${r.id}`}${what ? ` (${what})` : ''}: ${WORDS[r.outcome]}`);
    if (r.outcome === 'not-found') out.print(`    ${notFoundText(r)}`);
    for (const reason of r.reasons) {
      out.print(`    ${reason.code}: ${reason.message}`);
      const next = [reason.remedy, reason.command ? `Run: ${reason.command}` : null].filter(Boolean).join(' ');
      if (next) out.print(`    ${c.dim('→')} ${next}`);
    }
    for (const w of r.warnings ?? []) out.print(`    ${c.yellow('!')} ${w.code}: ${w.message}`);
    if (r.addendumId !== undefined && r.session) {
      out.print(
        `    ${c.yellow('!')} WebPT addendum owed (addendum ${r.addendumId}) for ${r.session.patient.name}, session of ${r.session.date}: complete it in WebPT, then \`sessionctl addenda complete ${r.addendumId}\`.`,
      );
    }
  }
}
