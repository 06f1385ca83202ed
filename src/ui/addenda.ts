// Addenda owed in WebPT, for people and for --json.
import type { Addendum } from '../store/addenda.js';
import type { CompletionResult } from '../actions/addenda.js';
import { clip, grid } from './grid.js';
import type { Output } from './output.js';

export function addendumJson(a: Addendum) {
  return {
    id: a.id,
    sessionId: a.sessionId,
    sessionDate: a.sessionDate,
    patient: a.patient,
    deletedAt: a.deletedAt,
    deletedBy: a.deletedBy,
    pending: a.completedAt === null && a.withdrawnAt === null,
    completedAt: a.completedAt,
    completedBy: a.completedBy,
    withdrawnAt: a.withdrawnAt,
  };
}

function patientText(a: Addendum): string {
  const name = a.patient.name ?? `patient ${a.patient.id}`;
  return a.patient.chartNumber ? `${name} (${a.patient.chartNumber})` : name;
}

export function addendaTable(addenda: readonly Addendum[], out: Output): string {
  const c = out.color;
  const rows = addenda.map((a) => [
    String(a.id),
    clip(patientText(a), 40),
    String(a.sessionId),
    a.sessionDate,
    a.deletedAt,
    clip(a.deletedBy ?? '—', 20),
    a.completedAt !== null
      ? `${a.completedAt} by ${clip(a.completedBy ?? '?', 20)}`
      : a.withdrawnAt !== null
        ? c.dim(`withdrawn ${a.withdrawnAt} (restored)`)
        : c.yellow('pending'),
  ]);
  return grid(['ID', 'Patient', 'Session', 'Session date', 'Deleted at', 'Deleted by', 'Completed'], rows, c);
}

export function completionJson(r: CompletionResult) {
  return { id: r.id, outcome: r.outcome, ...(r.addendum ? { addendum: addendumJson(r.addendum) } : {}) };
}

export function printCompletions(out: Output, results: readonly CompletionResult[]): void {
  const c = out.color;
  for (const r of results) {
    const a = r.addendum;
    if (r.outcome === 'not-found' || !a) {
      out.print(`${c.red('?')} addendum ${r.id}: not found. List them with \`sessionctl addenda\`.`);
    } else if (r.outcome === 'already-completed') {
      out.print(`${c.cyan('•')} addendum ${r.id} (${patientText(a)}, session of ${a.sessionDate}) was already completed by ${a.completedBy} at ${a.completedAt}`);
    } else {
      out.print(`${c.green('✔')} addendum ${r.id} (${patientText(a)}, session of ${a.sessionDate}) completed by ${a.completedBy} at ${a.completedAt}`);
    }
  }
}
