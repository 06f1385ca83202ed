import type { CommandRun } from '../define.js';
import type { SessionFilter } from '../../store/sessions.js';
import { checkRange, parseDay, parseText, resolveDay } from '../parse.js';
import { practiceToday } from '../../store/settings.js';
import { loadListing, runListing, type ScreenSpec } from '../listing.js';
import { countsText } from '../dashboard/run.js';

export function confirmScheduleScreen(filter: SessionFilter & { to: string }): ScreenSpec {
  const range = filter.from ? `${filter.from} to ${filter.to}` : `up to ${filter.to}`;
  const who = filter.provider ? `, provider "${filter.provider}"` : '';
  return {
    title: (page) => `Awaiting confirmation before billing (${range}${who}): ${countsText(page.listed)}, oldest first`,
    empty: `No session is still waiting for confirmation (${range}${who}).`,
    showDate: true,
    load: async (db, now) => ({ listed: await loadListing(db, { ...filter, statuses: ['scheduled'] }, now) }),
  };
}

export const run: CommandRun = async (ctx, _args, opts) => {
  const toDay = parseDay(String(opts.to ?? 'today'), '--to');
  const fromDay = opts.from === undefined ? undefined : parseDay(String(opts.from), '--from');
  const provider = opts.provider === undefined ? undefined : parseText(String(opts.provider), '--provider');
  const db = await ctx.openDb();
  // Up to the practice's today by default: a clinic in California sees its own day, not the server's.
  const today = await practiceToday(db.knex, ctx.now());
  const to = resolveDay(toDay, today);
  const from = fromDay === undefined ? undefined : resolveDay(fromDay, today);
  checkRange(from, to);
  return runListing(ctx, db, confirmScheduleScreen({ from, to, provider }), () => ({ from: from ?? null, to }));
};
