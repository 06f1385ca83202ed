import type { CommandRun } from '../define.js';
import type { Db } from '../../store/connection.js';
import { UsageError } from '../../domain/errors.js';
import type { SessionFilter } from '../../store/sessions.js';
import { findClassByName, listClasses } from '../../store/classes.js';
import { checkRange, parseDay, parsePositiveInt, parseStatuses, parseText, resolveDay } from '../parse.js';
import { practiceToday } from '../../store/settings.js';
import { loadListing, runListing, type ScreenSpec } from '../listing.js';
import { countsText } from '../dashboard/run.js';
import { DEFAULT_LIMIT } from './define.js';

export const MAX_LIMIT = 10_000;

function describeFilter(f: SessionFilter): string {
  const parts: string[] = [];
  if (f.patient) parts.push(`patient "${f.patient}"`);
  if (f.provider) parts.push(`provider "${f.provider}"`);
  if (f.location) parts.push(`location "${f.location}"`);
  if (f.from && f.to) parts.push(`${f.from} to ${f.to}`);
  else if (f.from) parts.push(`from ${f.from}`);
  else if (f.to) parts.push(`up to ${f.to}`);
  if (f.statuses) parts.push(f.statuses.join(' or '));
  if (f.sessionClass) parts.push(`class "${f.sessionClass}"`);
  return parts.length > 0 ? parts.join(', ') : 'all sessions';
}

/** An unknown class is bad input (exit 2), not an empty result: say which classes exist. */
async function checkClass(db: Db, name: string): Promise<void> {
  if (await findClassByName(db.knex, name)) return;
  const names = (await listClasses(db.knex)).map((c) => `"${c.name}"`);
  throw new UsageError(
    `There is no session class named "${name}".`,
    names.length > 0 ? `Use one of: ${names.join(', ')}.` : 'This database has no session classes.',
  );
}

export function searchScreen(filter: SessionFilter, limit: number): ScreenSpec {
  return {
    title: (page) => `Search (${describeFilter(filter)}): ${countsText(page.listed)}, oldest first`,
    empty: 'No session matches. Loosen a filter (a shorter --patient, a wider --from/--to).',
    showDate: true,
    async load(db, now) {
      // One more than asked for tells whether the results were cut.
      const listed = await loadListing(db, { ...filter, limit: limit + 1 }, now);
      if (listed.length <= limit) return { listed };
      return {
        listed: listed.slice(0, limit),
        notice: `Only the first ${limit} matches are shown; there are more. Narrow the search (--patient, --from, --to, --status) or raise --limit.`,
      };
    },
  };
}

export const run: CommandRun = async (ctx, _args, opts) => {
  const filter: SessionFilter = {};
  if (opts.patient !== undefined) filter.patient = parseText(String(opts.patient), '--patient');
  if (opts.provider !== undefined) filter.provider = parseText(String(opts.provider), '--provider');
  if (opts.location !== undefined) filter.location = parseText(String(opts.location), '--location');
  if (opts.class !== undefined) filter.sessionClass = parseText(String(opts.class), '--class');
  const fromDay = opts.from === undefined ? undefined : parseDay(String(opts.from), '--from');
  const toDay = opts.to === undefined ? undefined : parseDay(String(opts.to), '--to');
  if (opts.status !== undefined) filter.statuses = parseStatuses(String(opts.status));
  const limit = opts.limit === undefined ? DEFAULT_LIMIT : parsePositiveInt(String(opts.limit), '--limit', MAX_LIMIT);

  const db = await ctx.openDb();
  const today = await practiceToday(db.knex, ctx.now());
  if (fromDay !== undefined) filter.from = resolveDay(fromDay, today);
  if (toDay !== undefined) filter.to = resolveDay(toDay, today);
  checkRange(filter.from, filter.to);
  if (filter.sessionClass) await checkClass(db, filter.sessionClass);
  return runListing(ctx, db, searchScreen(filter, limit), (page) => ({ limit, truncated: page.notice !== undefined }));
};
