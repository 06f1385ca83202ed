// What the listing screens share: sessions with their verdicts (one rule context per listing,
// decide() per session), the counts in their titles, the JSON document, the table, and the hand-off
// on a terminal. The day's screen lives here too: the dashboard, the calendar and the demo open it.
import type { Context } from './context.js';
import type { Db } from '../store/connection.js';
import type { SessionClass } from '../domain/types.js';
import type { Listed, ListingPage, ListingScreen, ScreenBasics } from '../domain/listing.js';
import { plural } from '../domain/words.js';
import { decide } from '../rules/index.js';
import { listSessions, loadSessions, type SessionFilter } from '../store/sessions.js';
import { ruleContext } from '../store/settings.js';
import { activeCancellationClasses, cancelSessions, deleteSessions } from '../actions/sessions.js';
import { sessionJson } from '../ui/json.js';
import { cannotBeDeleted } from '../ui/table.js';
import { weekday } from '../ui/calendar.js';

export async function loadListing(db: Db, filter: SessionFilter, now: Date = new Date()): Promise<Listed[]> {
  const sessions = await listSessions(db, filter);
  const rules = await ruleContext(db, db.knex, now);
  return sessions.map((session) => ({ session, verdict: decide(session, rules) }));
}

export function listingJson(listed: readonly Listed[]) {
  return listed.map((l) => sessionJson(l.session, l.verdict));
}

/** "24 sessions, 3 cancelled, 6 cannot be deleted" */
export function countsText(listed: readonly Listed[]): string {
  const cancelled = listed.filter((l) => l.session.status === 'cancelled').length;
  const undeletable = listed.filter((l) => cannotBeDeleted(l.verdict)).length;
  const parts = [plural(listed.length, 'session')];
  if (cancelled > 0) parts.push(`${cancelled} cancelled`);
  if (undeletable > 0) parts.push(`${undeletable} cannot be deleted`);
  return parts.join(', ');
}

/** One day's sessions by time: the dashboard's screen. */
export function dayScreen(db: Db, date: string): ScreenBasics {
  return {
    title: (page) => `Sessions on ${weekday(date, 'long')} ${date}: ${countsText(page.listed)}`,
    empty: `No sessions are scheduled on ${date}.`,
    showDate: false,
    load: async () => ({ listed: await loadListing(db, { date }) }),
  };
}

/** A screen over an open database, wired to the shared actions (one session, one transaction). */
export function listingScreen(ctx: Context, db: Db, basics: ScreenBasics): ListingScreen {
  const opts = { actor: ctx.actor, clock: () => ctx.now() };
  return {
    ...basics,
    async reload(id: number) {
      const found = (await loadSessions(db, [id])).get(id);
      const rules = await ruleContext(db, db.knex, ctx.now());
      if (!found) return null;
      return { listed: { session: found, verdict: decide(found, rules) }, mode: rules.integrationMode };
    },
    cancellationClasses: () => activeCancellationClasses(db),
    cancel: (id: number, sessionClass: SessionClass) => cancelSessions(db, [id], sessionClass, opts),
    delete: (id: number) => deleteSessions(db, [id], opts),
  };
}

/**
 * The whole of a listing command after its options are read: JSON, or the table and, on a terminal,
 * the hand-off. `extra` adds keys to the JSON document beside "sessions".
 */
export async function runListing(
  ctx: Context,
  db: Db,
  basics: ScreenBasics,
  extra: (page: ListingPage) => Record<string, unknown> = () => ({}),
): Promise<number> {
  const page = await basics.load();
  if (ctx.json) {
    ctx.out.json({ ...extra(page), sessions: listingJson(page.listed) });
    return 0;
  }
  const screen = listingScreen(ctx, db, basics);
  const { printListing, handOff } = await import('../ui/handoff.js');
  printListing(ctx, screen, page);
  if (!ctx.interactive) return 0;
  return handOff(ctx, screen, page);
}

/** The dashboard of one day on an open database: also what the demo opens. */
export function showDay(ctx: Context, db: Db, date: string): Promise<number> {
  return runListing(ctx, db, dayScreen(db, date), () => ({ date }));
}
