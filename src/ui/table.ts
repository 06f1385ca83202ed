// The listing table: one row per session, with the actions it offers and a mark for "cannot be deleted".
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { ActionVerdict, ReasonCode, Session, Verdict } from '../domain/types.js';

/** A session as a listing shows it: the row and what the rules said about it. */
export interface Listed {
  session: Session;
  verdict: Verdict;
}

const SHORT: Record<ReasonCode, string> = {
  BILLED_TO_INSURANCE: 'billed',
  PAYMENTS_POSTED: 'payments',
  ADJUSTMENTS_POSTED: 'adjustments',
  FINALIZED_NOTE: 'finalized note',
  ALREADY_CANCELLED: 'already cancelled',
  NO_CANCELLATION_CLASS: 'no cancellation class',
  READ_ONLY: 'read-only',
};

/** Blocked by the session's own record, not merely by a read-only connection: the practice app hides its delete icon. */
export function cannotBeDeleted(verdict: Verdict): boolean {
  return verdict.delete.reasons.some((r) => r.code !== 'READ_ONLY');
}

function blockedBy(v: ActionVerdict): string {
  return v.reasons.filter((r) => r.code !== 'READ_ONLY').map((r) => SHORT[r.code]).join(', ');
}

/** "delete · cancel", "cancel  ⊘ no delete: billed", "—  read-only": readable without colour. */
export function actionSummary(verdict: Verdict, c: ChalkInstance): string {
  const offered = [verdict.delete.allowed ? 'delete' : null, verdict.cancel.allowed ? 'cancel' : null].filter(Boolean);
  const parts = [offered.length > 0 ? offered.join(' · ') : '—'];
  if (cannotBeDeleted(verdict)) parts.push(c.red(`⊘ no delete: ${blockedBy(verdict.delete)}`));
  else if (verdict.delete.reasons.some((r) => r.code === 'READ_ONLY')) parts.push(c.dim('read-only'));
  return parts.join('  ');
}

export function statusText(s: Session, c: ChalkInstance): string {
  if (s.status === 'cancelled') return c.yellow('cancelled');
  if (s.status === 'confirmed') return c.green('confirmed');
  return s.status;
}

export function patientText(s: Session): string {
  return s.patient.chartNumber ? `${s.patient.name} (${s.patient.chartNumber})` : s.patient.name;
}

export function whenText(s: Session, showDate: boolean): string {
  return showDate ? `${s.date} ${s.start}` : s.start;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
export const visibleLength = (text: string) => text.replace(ANSI, '').length;
export const padVisible = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - visibleLength(text)));

/** Columns that give up width when the terminal is narrow, most expendable first. */
const SHRINKABLE = [4, 3, 6, 2, 7];
const MIN_WIDTH = 8;

/** Column widths that fit `width`: the natural widths, with the long text columns truncated as needed. */
export function fitWidths(natural: number[], width: number | undefined): number[] | null {
  // Each column has one space of padding either side and one border character.
  const total = (w: number[]) => w.reduce((a, b) => a + b, 0) + w.length + 1;
  if (!width || total(natural) <= width) return null;
  const widths = [...natural];
  let excess = total(widths) - width;
  while (excess > 0) {
    const candidates = SHRINKABLE.filter((i) => (widths[i] ?? 0) > MIN_WIDTH);
    if (candidates.length === 0) break;
    // Take one character from the widest of them, so that no single column bears it all.
    const widest = candidates.reduce((a, b) => ((widths[b] ?? 0) > (widths[a] ?? 0) ? b : a));
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess -= 1;
  }
  return widths;
}

export interface TableOptions {
  showDate: boolean;
  color: ChalkInstance;
  /** Terminal width to fit; none when the output is not a terminal. */
  width?: number;
}

export function sessionTable(listed: readonly Listed[], opts: TableOptions): string {
  const c = opts.color;
  const head = ['ID', opts.showDate ? 'Date       Time' : 'Time', 'Patient', 'Provider', 'Location', 'Status', 'Class', 'Actions'];
  const rows = listed.map(({ session: s, verdict }) => [
    String(s.id),
    whenText(s, opts.showDate),
    patientText(s),
    s.provider.name,
    s.location?.name ?? '—',
    statusText(s, c),
    s.sessionClass?.name ?? '—',
    actionSummary(verdict, c),
  ]);
  const natural = head.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))) + 2);
  const widths = fitWidths(natural, opts.width);
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
    ...(widths ? { colWidths: widths, wordWrap: false } : {}),
  });
  for (const r of rows) table.push(r);
  return table.toString();
}
