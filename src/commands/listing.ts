// What the listing screens share: sessions with their verdicts (one rule context per listing,
// decide() per session), the counts in their titles, the JSON document, the table, and the hand-off
// on a terminal. The day's screen lives here too: the dashboard, the calendar and the demo open it.
import type { Context } from './context.js';
import type { Db } from '../store/connection.js';
import type { Session, SessionClass } from '../domain/types.js';
import type { Listed, ListingPage, ListingScreen, ScreenBasics } from '../domain/listing.js';
import { plural } from '../domain/words.js';
import { decide } from '../rules/index.js';
import { listSessions, loadSessions, type SessionFilter } from '../store/sessions.js';
import { practiceToday, ruleContext } from '../store/settings.js';
import { twinsOf } from '../store/twins.js';
import { activeCancellationClasses, cancelSessions, deleteSessions } from '../actions/sessions.js';
import { confirmSessions } from '../actions/confirm.js';
import { revertClasses, sessionsNeedingClass, uncancelSessions } from '../actions/uncancel.js';
import { sessionJson } from '../ui/json.js';
import { cannotBeDeleted } from '../ui/table.js';
import { weekday } from '../ui/calendar.js';
import type { Navigation } from '../ui/handoff.js';
import { worseExit } from '../domain/exit-codes.js';
import { addDays } from '../domain/days.js';

/** The clock of a screen: the command's (SESSIONCTL_NOW pins it), for the practice's today (NOT_YET_HELD). */
export type Clock = () => Date;

/** The sessions with their same-slot twins (which revert and the duplicate mark need) and verdicts. */
export async function loadListing(db: Db, filter: SessionFilter, now: Clock = () => new Date()): Promise<Listed[]> {
  const sessions = await listSessions(db, filter);
  const rules = await ruleContext(db, db.knex, now());
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
export function dayScreen(db: Db, date: string, now?: Clock): ScreenBasics {
  return {
    title: (page) => `Sessions on ${weekday(date, 'long')} ${date}: ${countsText(page.listed)}`,
    empty: `No sessions are scheduled on ${date}.`,
    showDate: false,
    load: async () => ({ listed: await loadListing(db, { date }, now) }),
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
      const twinIds = (await twinsOf(db, [id])).get(id) ?? [];
      const session: Session = { ...found, twins: twinIds };
      const twins = await loadSessions(db, twinIds);
      return {
        listed: { session, verdict: decide(session, rules) },
        mode: rules.integrationMode,
        today: rules.today,
        twins: twinIds.map((t) => twins.get(t)).filter((t): t is Session => t !== undefined),
      };
    },
    cancellationClasses: () => activeCancellationClasses(db),
    revertClasses: () => revertClasses(db),
    revertNeedsClass: async (id: number) => (await sessionsNeedingClass(db, [id])).includes(id),
    cancel: (id: number, sessionClass: SessionClass) => cancelSessions(db, [id], sessionClass, opts),
    delete: (id: number, reason: string | null) => deleteSessions(db, [id], { ...opts, reason }),
    confirm: (ids: number[]) => confirmSessions(db, ids, opts),
    uncancel: (id: number, sessionClass: SessionClass | null) => uncancelSessions(db, [id], { ...opts, sessionClass }),
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

type DayKey = 'previous' | 'next' | 'today';

/** ← and → move a day, Home goes to today, from the dashboard's picker (before anything is typed). */
export const DAY_KEYS = {
  keys: [
    { key: 'left', value: 'previous' },
    { key: 'right', value: 'next' },
    { key: 'home', value: 'today' },
  ],
  help: '← → day · Home today',
} as const satisfies Navigation<DayKey>;

/** The dashboard of one day on an open database (also what the demo opens); on a terminal, moving from day to day. */
export async function showDay(ctx: Context, db: Db, date: string): Promise<number> {
  if (ctx.json || !ctx.interactive) return runListing(ctx, db, dayScreen(db, date, () => ctx.now()), () => ({ date }));
  const { printListing, handOffUntil } = await import('../ui/handoff.js');
  let worst = 0;
  for (;;) {
    const screen = listingScreen(ctx, db, dayScreen(db, date, () => ctx.now()));
    const page = await screen.load();
    printListing(ctx, screen, page);
    const { code, pressed } = await handOffUntil<DayKey>(ctx, screen, page, DAY_KEYS);
    worst = worseExit(worst, code);
    if (!pressed) return worst;
    date = pressed === 'today' ? await practiceToday(db.knex, ctx.now()) : addDays(date, pressed === 'next' ? 1 : -1);
    ctx.out.print('');
  }
}
