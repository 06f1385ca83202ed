import type { CommandRun } from '../define.js';
import type { SessionFilter } from '../../store/sessions.js';
import { checkRange } from '../parse.js';
import { opt, readOptions } from '../options.js';
import { loadListing, runListing, type ScreenSpec } from '../listing.js';
import { countsText } from '../dashboard/run.js';

export function confirmScheduleScreen(filter: SessionFilter & { to: string }): ScreenSpec {
  const range = filter.from ? `${filter.from} to ${filter.to}` : `up to ${filter.to}`;
  const who = filter.provider ? `, provider "${filter.provider}"` : '';
  return {
    title: (page) => `Awaiting confirmation before billing (${range}${who}): ${countsText(page.listed)}, oldest first`,
    empty: `No session is still waiting for confirmation (${range}${who}).`,
    showDate: true,
    load: async (db) => ({ listed: await loadListing(db, { ...filter, statuses: ['scheduled'] }) }),
  };
}

const OPTIONS = { to: opt.date({ default: 'today' }), from: opt.date(), provider: opt.text() };

export const run: CommandRun = async (ctx, _args, opts) => {
  const { to, from, provider } = readOptions(opts, OPTIONS, ctx);
  checkRange(from, to);
  const db = await ctx.openDb();
  return runListing(ctx, db, confirmScheduleScreen({ from, to, provider }), () => ({ from: from ?? null, to }));
};
