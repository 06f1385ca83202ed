// The month grid: weeks as rows (Monday first), each day with its count of sessions and marks for
// days that hold cancelled sessions or sessions that cannot be deleted; today highlighted.
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { LEAVE, type Choice, type Leave, type Pressed, type Prompter } from './prompter.js';

export interface DaySummary {
  date: string;
  sessions: number;
  cancelled: number;
  /** Sessions whose own record blocks Permanently Delete (billed, paid, adjusted, finalized note). */
  undeletable: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const CANCELLED_MARK = '×';
export const UNDELETABLE_MARK = '⊘';

const utc = (date: string) => new Date(`${date}T00:00:00Z`);

export function weekday(date: string, style: 'short' | 'long' = 'short'): string {
  return utc(date).toLocaleDateString('en-US', { weekday: style, timeZone: 'UTC' });
}

export function monthName(month: string): string {
  return utc(`${month}-01`).toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Every date of the month, YYYY-MM-DD. */
export function daysOf(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

function marks(d: DaySummary | undefined): string {
  if (!d) return '';
  return `${d.cancelled > 0 ? CANCELLED_MARK : ''}${d.undeletable > 0 ? UNDELETABLE_MARK : ''}`;
}

function cell(date: string, summary: DaySummary | undefined, today: string, c: ChalkInstance): string {
  const day = String(Number(date.slice(8)));
  // Brackets keep today visible without colour.
  const label = date === today ? c.inverse.bold(`[${day}]`) : c.bold(day);
  const count = summary && summary.sessions > 0 ? String(summary.sessions) : c.dim('·');
  const m = marks(summary);
  return `${label}\n${count}${m ? ` ${c.red(m)}` : ''}`;
}

/** The grid's width: seven columns of CELL and their borders. */
const CELL = 8;
export const GRID_WIDTH = 7 * CELL + 8;

/**
 * The month as a grid; on a terminal narrower than the grid (`width`), as a list of the days that hold
 * sessions, one line each, with the same counts and marks.
 */
export function calendarGrid(month: string, days: ReadonlyMap<string, DaySummary>, today: string, c: ChalkInstance, width?: number): string {
  if (width !== undefined && width < GRID_WIDTH) return calendarList(month, days, today, c);
  const dates = daysOf(month);
  const lead = (utc(dates[0] as string).getUTCDay() + 6) % 7; // Monday = 0
  const cells: string[] = [...Array<string>(lead).fill(''), ...dates.map((d) => cell(d, days.get(d), today, c))];
  while (cells.length % 7 !== 0) cells.push('');
  const table = new Table({
    head: WEEKDAYS.map((w) => c.bold(w)),
    style: { head: [], border: [] },
    colWidths: WEEKDAYS.map(() => CELL),
  });
  for (let i = 0; i < cells.length; i += 7) table.push(cells.slice(i, i + 7));
  return table.toString();
}

function calendarList(month: string, days: ReadonlyMap<string, DaySummary>, today: string, c: ChalkInstance): string {
  const lines = daysOf(month)
    .map((date) => ({ date, d: days.get(date) }))
    .filter(({ date, d }) => (d?.sessions ?? 0) > 0 || date === today)
    .map(({ date, d }) => {
      const label = `${weekday(date)} ${date}`;
      const shown = date === today ? c.inverse.bold(`[${label}]`) : ` ${label} `;
      const m = marks(d);
      return `${shown} ${String(d?.sessions ?? 0).padStart(4)}${m ? ` ${c.red(m)}` : ''}`;
    });
  return lines.length > 0 ? lines.join('\n') : 'No sessions this month.';
}

export function calendarLegend(): string {
  return `n = sessions that day · ${CANCELLED_MARK} holds cancelled sessions · ${UNDELETABLE_MARK} holds sessions that cannot be deleted · [d] today`;
}

function dayChoice(d: DaySummary, c: ChalkInstance): Choice<string> {
  const parts = [`${weekday(d.date)} ${d.date}`, `${String(d.sessions).padStart(4)} session${d.sessions === 1 ? ' ' : 's'}`];
  if (d.cancelled > 0) parts.push(`${CANCELLED_MARK} ${d.cancelled} cancelled`);
  if (d.undeletable > 0) parts.push(c.red(`${UNDELETABLE_MARK} ${d.undeletable} cannot be deleted`));
  return { value: d.date, name: parts.join('   '), short: d.date };
}

export type MonthKey = 'previous' | 'next' | 'this';

/** ← and → move a month, Home goes to this month, from the day picker (before anything is typed). */
export const MONTH_KEYS = {
  keys: [
    { key: 'left', value: 'previous' },
    { key: 'right', value: 'next' },
    { key: 'home', value: 'this' },
  ],
  help: '← → month · Home this month',
} as const;

/**
 * Pick one of the days that hold sessions, today first when it does; LEAVE on Esc or q; with the
 * month keys (an empty month too), { pressed } when one was pressed.
 */
export async function pickDay(
  prompt: Prompter,
  days: readonly DaySummary[],
  today: string,
  c: ChalkInstance,
  withKeys = false,
): Promise<string | Leave | Pressed<MonthKey>> {
  const withSessions = days.filter((d) => d.sessions > 0);
  if (withSessions.length === 0 && !withKeys) return LEAVE;
  const initial = withSessions.some((d) => d.date === today) ? today : undefined;
  return prompt.pick<string, MonthKey>('Pick a day to list', withSessions.map((d) => dayChoice(d, c)), {
    idOf: (date) => date,
    initial,
    ...(withKeys ? { keys: MONTH_KEYS } : {}),
  });
}
