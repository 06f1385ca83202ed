import type { CommandRun } from '../define.js';
import { showDay } from '../listing.js';
import { opt, readOptions } from '../options.js';
import { practiceDays } from '../practice-day.js';

const OPTIONS = { date: opt.date({ default: 'today' }) };

export const run: CommandRun = async (ctx, _args, opts) => {
  const { date } = readOptions(opts, OPTIONS, ctx);
  const db = await ctx.openDb();
  return showDay(ctx, db, (await practiceDays(db, ctx.now())).day(date));
};
