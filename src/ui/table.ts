// The listing table: one row per session, with the actions it offers and a mark for "cannot be deleted".
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { ActionVerdict, ReasonCode, Session, Verdict } from '../domain/types.js';
import type { Listed } from '../domain/listing.js';
import { visible } from './visible.js';

const SHORT: Record<ReasonCode, string> = {
  BILLED_TO_INSURANCE: 'billed',
  PAYMENTS_POSTED: 'paid',
  ADJUSTMENTS_POSTED: 'adjusted',
  FINALIZED_NOTE: 'finalized note',
  ALREADY_CANCELLED: 'already cancelled',
  NO_CANCELLATION_CLASS: 'no cancellation class',
  READ_ONLY: 'read-only',
  NO_LONGER_DUPLICATE: 'no longer a duplicate',
  STILL_REFERENCED: 'still referenced',
};

/** Blocked by the session's own record, not merely by a read-only connection: the practice app hides its delete icon. */
export function cannotBeDeleted(verdict: Verdict): boolean {
  return verdict.delete.reasons.some((r) => r.code !== 'READ_ONLY');
}

function blockedBy(v: ActionVerdict): string {
  return v.reasons.filter((r) => r.code !== 'READ_ONLY').map((r) => SHORT[r.code]).join(', ');
}

export const UNDELETABLE_LEGEND = '⊘ = cannot be deleted, for the reasons that follow the mark; pick the session to see what to do.';

/** "delete · cancel", "cancel  ⊘ billed, paid", "—  read-only": readable without colour. */
export function actionSummary(verdict: Verdict, c: ChalkInstance): string {
  const offered = [verdict.delete.allowed ? 'delete' : null, verdict.cancel.allowed ? 'cancel' : null].filter(Boolean);
  const parts = [offered.length > 0 ? offered.join(' · ') : '—'];
  if (cannotBeDeleted(verdict)) parts.push(c.red(`⊘ ${blockedBy(verdict.delete)}`));
  else if (verdict.delete.reasons.some((r) => r.code === 'READ_ONLY')) parts.push(c.dim('read-only'));
  return parts.join('  ');
}

export function statusText(s: Session, c: ChalkInstance): string {
  if (s.status === 'cancelled') return c.yellow('cancelled');
  if (s.status === 'confirmed') return c.green('confirmed');
  return s.status;
}

export function patientText(s: Session): string {
  return visible(s.patient.chartNumber ? `${s.patient.name} (${s.patient.chartNumber})` : s.patient.name);
}

export function whenText(s: Session, showDate: boolean): string {
  return showDate ? `${s.date} ${s.start}` : s.start;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
export const visibleLength = (text: string) => text.replace(ANSI, '').length;
export const padVisible = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - visibleLength(text)));

interface Column {
  head: string;
  cell(l: Listed): string;
  /** Narrowest it may be truncated to, padding included; absent for columns that never shrink. */
  min?: number;
  /** Left out, in this order, when even the narrowest widths do not fit the terminal. */
  dropOrder?: number;
}

function columns(showDate: boolean, c: ChalkInstance): Column[] {
  return [
    { head: 'ID', cell: (l) => String(l.session.id) },
    { head: showDate ? 'Date       Time' : 'Time', cell: (l) => whenText(l.session, showDate) },
    { head: 'Patient', cell: (l) => patientText(l.session), min: 12 },
    { head: 'Provider', cell: (l) => visible(l.session.provider.name), min: 10, dropOrder: 3 },
    { head: 'Location', cell: (l) => visible(l.session.location?.name ?? '—'), min: 10, dropOrder: 1 },
    { head: 'Status', cell: (l) => statusText(l.session, c) },
    { head: 'Class', cell: (l) => visible(l.session.sessionClass?.name ?? '—'), min: 10, dropOrder: 2 },
    // Enough to show what is offered and the first reason.
    { head: 'Actions', cell: (l) => actionSummary(l.verdict, c), min: 26 },
  ];
}

// Each column has one border character; the natural widths include the padding.
const tableWidth = (widths: readonly number[]) => widths.reduce((a, b) => a + b, 0) + widths.length + 1;

/** Widths that fit `width` by truncating the text columns, widest first; null when even that is not enough. */
export function fitWidths(natural: readonly number[], mins: ReadonlyArray<number | undefined>, width: number): number[] | null {
  const widths = [...natural];
  let excess = tableWidth(widths) - width;
  while (excess > 0) {
    let widest = -1;
    for (const [i, w] of widths.entries()) {
      const min = mins[i];
      if (min !== undefined && w > min && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    }
    if (widest < 0) return null;
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
  let cols = columns(opts.showDate, c);
  const naturalOf = (list: Column[], rows: string[][]) =>
    list.map((col, i) => Math.max(visibleLength(col.head), ...rows.map((r) => visibleLength(r[i] ?? ''))) + 2);
  let rows = listed.map((l) => cols.map((col) => col.cell(l)));
  let widths: number[] | null = null;
  if (opts.width && tableWidth(naturalOf(cols, rows)) > opts.width) {
    // Narrow terminal: truncate, and when that is not enough leave out the least needed columns.
    const dropping = cols.filter((col) => col.dropOrder !== undefined).sort((a, b) => (a.dropOrder ?? 0) - (b.dropOrder ?? 0));
    for (;;) {
      widths = fitWidths(naturalOf(cols, rows), cols.map((col) => col.min), opts.width);
      const next = dropping.shift();
      if (widths || !next) break;
      cols = cols.filter((col) => col !== next);
      rows = listed.map((l) => cols.map((col) => col.cell(l)));
    }
  }
  const table = new Table({
    head: cols.map((col) => c.bold(col.head)),
    style: { head: [], border: [], compact: true },
    ...(widths ? { colWidths: widths, wordWrap: false } : {}),
  });
  for (const r of rows) table.push(r);
  return table.toString();
}
