import type { CommandRun } from '../define.js';
import type { Context } from '../context.js';
import type { Db } from '../../store/connection.js';
import { practiceToday } from '../../store/settings.js';
import { opt, readOptions } from '../options.js';
import { dayScreen, listingJson, listingScreen, loadListing } from '../listing.js';
import type { Listed } from '../../domain/listing.js';
import { worseExit } from '../../domain/exit-codes.js';
import { plural } from '../../domain/words.js';
import { cannotBeDeleted } from '../../ui/table.js';
import { calendarGrid, calendarLegend, daysOf, monthName, pickDay, type DaySummary } from '../../ui/calendar.js';
import { LEAVE } from '../../ui/prompter.js';
import { wrap } from '../../ui/wrap.js';

export function summarize(month: string, listed: readonly Listed[]): DaySummary[] {
  const byDate = new Map<string, DaySummary>(daysOf(month).map((date) => [date, { date, sessions: 0, cancelled: 0, undeletable: 0 }]));
  for (const { session, verdict } of listed) {
    const d = byDate.get(session.date);
    if (!d) continue;
    d.sessions += 1;
    if (session.status === 'cancelled') d.cancelled += 1;
    if (cannotBeDeleted(verdict)) d.undeletable += 1;
  }
  return [...byDate.values()];
}

async function loadMonth(db: Db, month: string, now: () => Date): Promise<{ listed: Listed[]; days: DaySummary[] }> {
  const dates = daysOf(month);
  const listed = await loadListing(db, { from: dates[0], to: dates[dates.length - 1] }, now);
  return { listed, days: summarize(month, listed) };
}

function printMonth(ctx: Context, month: string, days: DaySummary[], today: string): void {
  const total = days.reduce((n, d) => n + d.sessions, 0);
  ctx.out.info(ctx.out.errColor.bold(`${monthName(month)}: ${plural(total, 'session')}`));
  const width = ctx.streams.stdout.isTTY ? ctx.streams.stdout.columns : undefined;
  ctx.out.print(calendarGrid(month, new Map(days.map((d) => [d.date, d])), today, ctx.out.color, width));
  ctx.out.info(wrap(calendarLegend(), width));
}

/** The month before or after, YYYY-MM. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

/** Pick a day, work through its sessions as on the dashboard, come back to the refreshed month; ← → change month. */
async function browse(ctx: Context, db: Db, month: string, days: DaySummary[]): Promise<number> {
  const { printListing, handOff } = await import('../../ui/handoff.js');
  let worst = 0;
  for (;;) {
    const date = await pickDay(ctx.prompt, days, await practiceToday(db.knex, ctx.now()), ctx.out.color, true);
    if (date === LEAVE) return worst;
    if (typeof date === 'object') {
      month = date.pressed === 'this' ? (await practiceToday(db.knex, ctx.now())).slice(0, 7) : shiftMonth(month, date.pressed === 'next' ? 1 : -1);
    } else {
      const screen = listingScreen(ctx, db, dayScreen(db, date, () => ctx.now()));
      const page = await screen.load();
      printListing(ctx, screen, page);
      worst = worseExit(worst, await handOff(ctx, screen, page));
    }
    days = (await loadMonth(db, month, () => ctx.now())).days;
    ctx.out.print('');
    printMonth(ctx, month, days, await practiceToday(db.knex, ctx.now()));
  }
}

const OPTIONS = { month: opt.month({ default: 'this' }) };

export const run: CommandRun = async (ctx, _args, opts) => {
  const { month: monthForm } = readOptions(opts, OPTIONS, ctx);
  const db = await ctx.openDb();
  // The practice's today: the month shown by default, and the day marked [27].
  const today = await practiceToday(db.knex, ctx.now());
  const month = monthForm === 'this' ? today.slice(0, 7) : monthForm;
  const { listed, days } = await loadMonth(db, month, () => ctx.now());
  if (ctx.json) {
    ctx.out.json({ month, days, sessions: listingJson(listed) });
    return 0;
  }
  printMonth(ctx, month, days, today);
  if (!ctx.interactive) return 0;
  if (!days.some((d) => d.sessions > 0)) return 0;
  return browse(ctx, db, month, days);
};
