// The month grid: weeks as rows (Monday first), each day with its count of sessions and marks for
// days that hold cancelled sessions or sessions that cannot be deleted; today highlighted.
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { LEAVE, type Choice, type Leave, type Prompter } from './prompter.js';

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

export function calendarGrid(month: string, days: ReadonlyMap<string, DaySummary>, today: string, c: ChalkInstance): string {
  const dates = daysOf(month);
  const lead = (utc(dates[0] as string).getUTCDay() + 6) % 7; // Monday = 0
  const cells: string[] = [...Array<string>(lead).fill(''), ...dates.map((d) => cell(d, days.get(d), today, c))];
  while (cells.length % 7 !== 0) cells.push('');
  const table = new Table({
    head: WEEKDAYS.map((w) => c.bold(w)),
    style: { head: [], border: [] },
    colWidths: WEEKDAYS.map(() => 8),
  });
  for (let i = 0; i < cells.length; i += 7) table.push(cells.slice(i, i + 7));
  return table.toString();
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

/** Pick one of the days that hold sessions, today first when it does; LEAVE on Esc or q. */
export async function pickDay(prompt: Prompter, days: readonly DaySummary[], today: string, c: ChalkInstance): Promise<string | Leave> {
  const withSessions = days.filter((d) => d.sessions > 0);
  if (withSessions.length === 0) return LEAVE;
  const initial = withSessions.some((d) => d.date === today) ? today : undefined;
  return prompt.pick('Pick a day to list', withSessions.map((d) => dayChoice(d, c)), { idOf: (date) => date, initial });
}
