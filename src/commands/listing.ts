// What the four listing screens share: sessions with their verdicts (one rule context per listing,
// decide() per session), the JSON document, the table, and the hand-off on a terminal.
import type { Context } from './context.js';
import type { Db } from '../store/connection.js';
import type { SessionClass } from '../domain/types.js';
import { decide } from '../rules/index.js';
import { listSessions, loadSessions, type SessionFilter } from '../store/sessions.js';
import { ruleContext } from '../store/settings.js';
import { activeCancellationClasses, cancelSessions, deleteSessions } from '../actions/sessions.js';
import { sessionJson } from '../ui/json.js';
import type { Listed } from '../ui/table.js';
import type { ListingPage, ListingScreen } from '../ui/handoff.js';

export async function loadListing(db: Db, filter: SessionFilter, now: Date = new Date()): Promise<Listed[]> {
  const sessions = await listSessions(db, filter);
  const rules = await ruleContext(db, db.knex, now);
  return sessions.map((session) => ({ session, verdict: decide(session, rules) }));
}

export function listingJson(listed: readonly Listed[]) {
  return listed.map((l) => sessionJson(l.session, l.verdict));
}

export interface ScreenSpec {
  title(page: ListingPage): string;
  empty: string;
  showDate: boolean;
  /** `now`: the command's clock (SESSIONCTL_NOW), for the rules' today. */
  load(db: Db, now: Date): Promise<ListingPage>;
}

/** A screen over an open database, wired to the shared actions (one session, one transaction). */
export function listingScreen(ctx: Context, db: Db, spec: ScreenSpec): ListingScreen {
  const opts = { actor: ctx.actor, clock: () => ctx.now() };
  return {
    title: spec.title,
    empty: spec.empty,
    showDate: spec.showDate,
    load: () => spec.load(db, ctx.now()),
    async reload(id) {
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
  spec: ScreenSpec,
  extra: (page: ListingPage) => Record<string, unknown> = () => ({}),
): Promise<number> {
  const page = await spec.load(db, ctx.now());
  if (ctx.json) {
    ctx.out.json({ ...extra(page), sessions: listingJson(page.listed) });
    return 0;
  }
  const screen = listingScreen(ctx, db, spec);
  const { printListing, handOff } = await import('../ui/handoff.js');
  printListing(ctx, screen, page);
  if (!ctx.interactive) return 0;
  return handOff(ctx, screen, page);
}
