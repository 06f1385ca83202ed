// Outcomes of delete and cancel, for people: short lines on stdout (the exit status: domain/exit-codes.ts).
import type { OutcomeResult } from '../domain/types.js';
import type { Output } from './output.js';

const WORDS: Record<OutcomeResult['outcome'], string> = {
  deleted: 'deleted',
  cancelled: 'cancelled',
  'would-delete': 'would be deleted',
  'would-cancel': 'would be cancelled',
  blocked: 'refused',
  'not-found': 'not found',
};

export function describeSession(r: OutcomeResult): string {
  const s = r.session;
  return s ? `${s.date} ${s.start} ${s.patient.name} with ${s.provider.name}` : '';
}

export function printOutcomes(out: Output, results: readonly OutcomeResult[]): void {
  const c = out.color;
  for (const r of results) {
    const mark =
      r.outcome === 'blocked' ? c.red('✖') : r.outcome === 'not-found' ? c.red('?') : r.outcome.startsWith('would') ? c.cyan('•') : c.green('✔');
    const what = describeSession(r);
    out.print(`${mark} session ${r.id}${what ? ` (${what})` : ''}: ${WORDS[r.outcome]}`);
    if (r.outcome === 'not-found') out.print(`    No session ${r.id} exists. Find it with \`sessionctl search\`.`);
    for (const reason of r.reasons) {
      out.print(`    ${reason.code}: ${reason.message}`);
      const next = [reason.remedy, reason.command ? `Run: ${reason.command}` : null].filter(Boolean).join(' ');
      if (next) out.print(`    ${c.dim('→')} ${next}`);
    }
    if (r.addendumId !== undefined && r.session) {
      out.print(
        `    ${c.yellow('!')} WebPT addendum owed (addendum ${r.addendumId}) for ${r.session.patient.name}, session of ${r.session.date}: complete it in WebPT, then \`sessionctl addenda complete ${r.addendumId}\`.`,
      );
    }
  }
}
