import type { CommandRun } from '../define.js';
import type { Db } from '../../store/connection.js';
import { UsageError } from '../../domain/errors.js';
import { noSuchClass } from '../../domain/messages.js';
import type { SessionFilter } from '../../store/sessions.js';
import { findClassByName, listClasses } from '../../store/classes.js';
import { checkRange } from '../parse.js';
import { opt, readOptions } from '../options.js';
import { countsText, loadListing, runListing } from '../listing.js';
import type { ScreenBasics } from '../../domain/listing.js';
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
    noSuchClass(name),
    names.length > 0 ? `Use one of: ${names.join(', ')}.` : 'This database has no session classes.',
  );
}

export function searchScreen(db: Db, filter: SessionFilter, limit: number, now?: () => Date): ScreenBasics {
  return {
    title: (page) => `Search (${describeFilter(filter)}): ${countsText(page.listed)}, oldest first`,
    empty: 'No session matches. Loosen a filter (a shorter --patient, a wider --from/--to).',
    showDate: true,
    async load() {
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

const OPTIONS = {
  patient: opt.text(),
  provider: opt.text(),
  location: opt.text(),
  class: opt.text(),
  from: opt.date(),
  to: opt.date(),
  status: opt.statuses(),
  limit: opt.count({ max: MAX_LIMIT, default: String(DEFAULT_LIMIT) }),
};

export const run: CommandRun = async (ctx, _args, opts) => {
  const o = readOptions(opts, OPTIONS, ctx);
  checkRange(o.from, o.to);
  const filter: SessionFilter = {};
  // Only the filters given: the store treats a present key as a filter.
  if (o.patient !== undefined) filter.patient = o.patient;
  if (o.provider !== undefined) filter.provider = o.provider;
  if (o.location !== undefined) filter.location = o.location;
  if (o.class !== undefined) filter.sessionClass = o.class;
  if (o.from !== undefined) filter.from = o.from;
  if (o.to !== undefined) filter.to = o.to;
  if (o.status !== undefined) filter.statuses = o.status;
  const limit = o.limit;

  const db = await ctx.openDb();
  if (filter.sessionClass) await checkClass(db, filter.sessionClass);
  return runListing(ctx, db, searchScreen(db, filter, limit, () => ctx.now()), (page) => ({ limit, truncated: page.notice !== undefined }));
};
