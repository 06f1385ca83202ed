import type { CommandRun } from '../define.js';
import { showDay } from '../listing.js';
import { opt, readOptions } from '../options.js';

const OPTIONS = { date: opt.date({ default: 'today' }) };

export const run: CommandRun = async (ctx, _args, opts) => {
  const { date } = readOptions(opts, OPTIONS, ctx);
  const db = await ctx.openDb();
  return showDay(ctx, db, date);
};
