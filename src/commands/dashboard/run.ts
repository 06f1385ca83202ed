import type { CommandRun } from '../define.js';
import type { Context } from '../context.js';
import type { Db } from '../../store/connection.js';
import { addDays, localDate, parseDate } from '../parse.js';
import { listingScreen, loadListing, runListing, type ScreenSpec } from '../listing.js';
import type { Navigation } from '../../ui/handoff.js';
import { cannotBeDeleted, type Listed } from '../../ui/table.js';
import { weekday } from '../../ui/calendar.js';

/** "24 sessions, 3 cancelled, 6 cannot be deleted" */
export function countsText(listed: readonly Listed[]): string {
  const n = listed.length;
  const cancelled = listed.filter((l) => l.session.status === 'cancelled').length;
  const undeletable = listed.filter((l) => cannotBeDeleted(l.verdict)).length;
  const parts = [`${n} session${n === 1 ? '' : 's'}`];
  if (cancelled > 0) parts.push(`${cancelled} cancelled`);
  if (undeletable > 0) parts.push(`${undeletable} cannot be deleted`);
  return parts.join(', ');
}

export function dayScreen(date: string): ScreenSpec {
  return {
    title: (page) => `Sessions on ${weekday(date, 'long')} ${date}: ${countsText(page.listed)}`,
    empty: `No sessions are scheduled on ${date}.`,
    showDate: false,
    load: async (db) => ({ listed: await loadListing(db, { date }) }),
  };
}

type DayKey = 'previous' | 'next' | 'today';

/** ← and → move a day, Home goes to today, from the picker (before anything is typed). */
export const DAY_KEYS = {
  keys: [
    { key: 'left', value: 'previous' },
    { key: 'right', value: 'next' },
    { key: 'home', value: 'today' },
  ],
  help: '← → day · Home today',
} as const satisfies Navigation<DayKey>;

/** The dashboard of one day on an open database (also what the demo opens); on a terminal, moving from day to day. */
export async function showDay(ctx: Context, db: Db, date: string): Promise<number> {
  if (ctx.json || !ctx.interactive) return runListing(ctx, db, dayScreen(date), () => ({ date }));
  const { printListing, handOffUntil, worstCode } = await import('../../ui/handoff.js');
  let worst = 0;
  for (;;) {
    const screen = listingScreen(ctx, db, dayScreen(date));
    const page = await screen.load();
    printListing(ctx, screen, page);
    const { code, pressed } = await handOffUntil<DayKey>(ctx, screen, page, DAY_KEYS);
    worst = worstCode(worst, code);
    if (!pressed) return worst;
    date = pressed === 'today' ? localDate(ctx.now()) : addDays(date, pressed === 'next' ? 1 : -1);
    ctx.out.print('');
  }
}

export const run: CommandRun = async (ctx, _args, opts) => {
  const date = parseDate(String(opts.date ?? 'today'), '--date', ctx.now());
  const db = await ctx.openDb();
  return showDay(ctx, db, date);
};
