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

/** Outcomes that changed something (not refused, not found, not a dry run). */
export function changedOutcomes(results: readonly OutcomeResult[]): OutcomeResult[] {
  return results.filter((r) => r.outcome !== 'blocked' && r.outcome !== 'not-found' && !r.outcome.startsWith('would-'));
}

/**
 * What an interruption (Ctrl-C) says: nothing half-done, and when changes were made earlier in the
 * same run, that they stand and where to see them, so it does not read as if they were undone.
 */
export function interruptedWords(results: readonly OutcomeResult[], auditCommand: string): string {
  const changed = changedOutcomes(results);
  if (changed.length === 0) return 'Interrupted; nothing was changed.';
  const shown = changed.slice(0, 5).map((r) => `session ${r.id} ${r.outcome}`);
  const more = changed.length > shown.length ? `, and ${changed.length - shown.length} more` : '';
  const n = changed.length === 1 ? 'The change made before it stands' : `The ${changed.length} changes made before it stand`;
  return `Interrupted. ${n} (${shown.join(', ')}${more}); nothing else was changed.\nSee them with: ${auditCommand}`;
}
