// The listing table: one row per session, with the actions it offers and a mark for "cannot be deleted".
import Table from 'cli-table3';
import stringWidth from 'string-width';
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
  ALREADY_CONFIRMED: 'already confirmed',
  SESSION_CANCELLED: 'cancelled',
  NOT_YET_HELD: 'not yet held',
  NOT_CANCELLED: 'not cancelled',
  WOULD_DUPLICATE: 'would duplicate',
  SESSION_EXISTS: 'exists',
  MISSING_REFERENCE: 'missing reference',
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

/** A session with a same-slot twin: probably entered twice. */
export const TWIN_MARK = '≈';
export const TWIN_LEGEND = `${TWIN_MARK} = another session, not cancelled, has the same patient, provider, date and time (entered twice?).`;

export function hasTwin(s: Session): boolean {
  return (s.twins ?? []).length > 0;
}

/** The id, marked when the session has a twin. */
export function idText(s: Session): string {
  return hasTwin(s) ? `${s.id} ${TWIN_MARK}` : String(s.id);
}

/** "delete · cancel · confirm", "uncancel  ⊘ billed, paid", "—  read-only": readable without colour. */
export function actionSummary(verdict: Verdict, c: ChalkInstance): string {
  const offered = (['delete', 'cancel', 'confirm', 'uncancel'] as const).filter((a) => verdict[a].allowed);
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

/** Columns on a terminal, colours aside: measured as cli-table3 measures its cells. */
export const visibleLength = (text: string) => stringWidth(text);
export const padVisible = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - visibleLength(text)));

interface Column {
  head: string;
  cell(l: Listed): string;
}

type ColumnName = 'ID' | 'Time' | 'Patient' | 'Provider' | 'Location' | 'Status' | 'Class' | 'Actions';

function columns(showDate: boolean, c: ChalkInstance): Array<Column & { name: ColumnName }> {
  return [
    { name: 'ID', head: 'ID', cell: (l) => idText(l.session) },
    { name: 'Time', head: showDate ? 'Date       Time' : 'Time', cell: (l) => whenText(l.session, showDate) },
    { name: 'Patient', head: 'Patient', cell: (l) => patientText(l.session) },
    { name: 'Provider', head: 'Provider', cell: (l) => visible(l.session.provider.name) },
    { name: 'Location', head: 'Location', cell: (l) => visible(l.session.location?.name ?? '—') },
    { name: 'Status', head: 'Status', cell: (l) => statusText(l.session, c) },
    { name: 'Class', head: 'Class', cell: (l) => visible(l.session.sessionClass?.name ?? '—') },
    { name: 'Actions', head: 'Actions', cell: (l) => actionSummary(l.verdict, c) },
  ];
}

// Each column has one border character; the widths include the padding.
const tableWidth = (widths: readonly number[]) => widths.reduce((a, b) => a + b, 0) + widths.length + 1;

/**
 * How a table gives way on a narrow terminal, one step at a time until it fits: the columns that do
 * not identify a session (location, class, provider) narrow and then go; the actions wrap onto more
 * lines; last of all the patient's chart number wraps under the name. ID, time, patient and status stay.
 */
type Step = { shrink: ColumnName; to: number } | { drop: ColumnName };
const GIVE_WAY: readonly Step[] = [
  { shrink: 'Location', to: 12 },
  { shrink: 'Class', to: 11 },
  { shrink: 'Provider', to: 14 },
  { drop: 'Location' },
  { drop: 'Class' },
  { shrink: 'Actions', to: 18 },
  { drop: 'Provider' },
  { shrink: 'Actions', to: 12 },
  { shrink: 'Patient', to: 14 },
];

/** The columns kept and their widths for `width`; widths only narrowed where needed, and given back as room allows. */
export function fitColumns<N extends string>(names: readonly N[], natural: readonly number[], width: number, steps: readonly Step[]): { names: N[]; widths: number[] } {
  let kept = names.map((n, i) => ({ name: n, natural: natural[i]!, width: natural[i]! }));
  const fits = () => tableWidth(kept.map((k) => k.width)) <= width;
  for (const step of steps) {
    if (fits()) break;
    if ('drop' in step) kept = kept.filter((k) => k.name !== step.drop);
    else for (const k of kept) if (k.name === step.shrink) k.width = Math.min(k.width, step.to);
  }
  // Room left: back to the narrowed columns, the last narrowed first.
  let room = width - tableWidth(kept.map((k) => k.width));
  for (const step of [...steps].reverse()) {
    if (room <= 0) break;
    if ('drop' in step) continue;
    const k = kept.find((x) => x.name === step.shrink);
    if (!k || k.width >= k.natural) continue;
    const give = Math.min(room, k.natural - k.width);
    k.width += give;
    room -= give;
  }
  return { names: kept.map((k) => k.name), widths: kept.map((k) => k.width) };
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
  let rows = listed.map((l) => cols.map((col) => col.cell(l)));
  let widths: number[] | null = null;
  const natural = cols.map((col, i) => Math.max(visibleLength(col.head), ...rows.map((r) => visibleLength(r[i] ?? ''))) + 2);
  if (opts.width && tableWidth(natural) > opts.width) {
    // Narrow terminal: give way column by column (GIVE_WAY); what is narrowed wraps at spaces.
    const fitted = fitColumns(cols.map((col) => col.name), natural, opts.width, GIVE_WAY);
    cols = cols.filter((col) => fitted.names.includes(col.name));
    rows = listed.map((l) => cols.map((col) => col.cell(l)));
    widths = fitted.widths;
  }
  const table = new Table({
    head: cols.map((col) => c.bold(col.head)),
    style: { head: [], border: [], compact: true },
    ...(widths ? { colWidths: widths, wordWrap: true, wrapOnWordBoundary: true } : {}),
  });
  for (const r of rows) table.push(r);
  return table.toString();
}
