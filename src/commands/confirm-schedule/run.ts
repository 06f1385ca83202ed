import type { CommandRun } from '../define.js';
import type { SessionFilter } from '../../store/sessions.js';
import { practiceDays, dayRange } from '../practice-day.js';
import { opt, readOptions } from '../options.js';
import { countsText, loadListing, runListing } from '../listing.js';
import type { Db } from '../../store/connection.js';
import type { ScreenBasics } from '../../domain/listing.js';

export function confirmScheduleScreen(db: Db, filter: SessionFilter & { to: string }, now?: () => Date): ScreenBasics {
  const range = filter.from ? `${filter.from} to ${filter.to}` : `up to ${filter.to}`;
  const who = filter.provider ? `, provider "${filter.provider}"` : '';
  return {
    title: (page) => `Awaiting confirmation before billing (${range}${who}): ${countsText(page.listed)}, oldest first`,
    empty: `No session is still waiting for confirmation (${range}${who}).`,
    showDate: true,
    confirmMany: true,
    load: async () => ({ listed: await loadListing(db, { ...filter, statuses: ['scheduled'] }, now) }),
  };
}

const OPTIONS = { to: opt.date({ default: 'today' }), from: opt.date(), provider: opt.text() };

export const run: CommandRun = async (ctx, _args, opts) => {
  const { to: toDay, from: fromDay, provider } = readOptions(opts, OPTIONS, ctx);
  const db = await ctx.openDb();
  // Up to the practice's today by default: a clinic in California sees its own day, not the server's.
  const days = await practiceDays(db, ctx.now());
  const { from } = dayRange(days, fromDay, toDay);
  const to = days.day(toDay);
  return runListing(ctx, db, confirmScheduleScreen(db, { from, to, provider }, () => ctx.now()), () => ({ from: from ?? null, to }));
};
