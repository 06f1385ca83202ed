import type { CommandRun } from '../define.js';
import type { SessionFilter } from '../../store/sessions.js';
import { checkRange, parseDate, parseText } from '../parse.js';
import { loadListing, runListing, type ScreenSpec } from '../listing.js';
import { countsText } from '../dashboard/run.js';

export function confirmScheduleScreen(filter: SessionFilter & { to: string }): ScreenSpec {
  const range = filter.from ? `${filter.from} to ${filter.to}` : `up to ${filter.to}`;
  const who = filter.provider ? `, provider "${filter.provider}"` : '';
  return {
    title: (page) => `Awaiting confirmation before billing (${range}${who}): ${countsText(page.listed)}, oldest first`,
    empty: `No session is still waiting for confirmation (${range}${who}).`,
    showDate: true,
    confirmMany: true,
    load: async (db, now) => ({ listed: await loadListing(db, { ...filter, statuses: ['scheduled'] }, now) }),
  };
}

export const run: CommandRun = async (ctx, _args, opts) => {
  const now = ctx.now();
  const to = parseDate(String(opts.to ?? 'today'), '--to', now);
  const from = opts.from === undefined ? undefined : parseDate(String(opts.from), '--from', now);
  checkRange(from, to);
  const provider = opts.provider === undefined ? undefined : parseText(String(opts.provider), '--provider');
  const db = await ctx.openDb();
  return runListing(ctx, db, confirmScheduleScreen({ from, to, provider }), () => ({ from: from ?? null, to }));
};
