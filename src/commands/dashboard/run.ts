import type { CommandRun } from '../define.js';
import type { Context } from '../context.js';
import type { Db } from '../../store/connection.js';
import { parseDay, resolveDay } from '../parse.js';
import { practiceToday } from '../../store/settings.js';
import { loadListing, runListing, type ScreenSpec } from '../listing.js';
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
    load: async (db, now) => ({ listed: await loadListing(db, { date }, now) }),
  };
}

/** The dashboard of one day on an open database: also what the demo and the calendar open. */
export function showDay(ctx: Context, db: Db, date: string): Promise<number> {
  return runListing(ctx, db, dayScreen(date), () => ({ date }));
}

export const run: CommandRun = async (ctx, _args, opts) => {
  const day = parseDay(String(opts.date ?? 'today'), '--date');
  const db = await ctx.openDb();
  const date = resolveDay(day, await practiceToday(db.knex, ctx.now()));
  return showDay(ctx, db, date);
};
