// What the four listing screens share: sessions with their verdicts (one rule context per listing,
// decide() per session), the JSON document, the table, and the hand-off on a terminal.
import type { Context } from './context.js';
import type { Db } from '../store/connection.js';
import type { Session, SessionClass } from '../domain/types.js';
import { decide } from '../rules/index.js';
import { listSessions, loadSessions, type SessionFilter } from '../store/sessions.js';
import { ruleContext } from '../store/settings.js';
import { twinsOf } from '../store/twins.js';
import { activeCancellationClasses, cancelSessions, deleteSessions } from '../actions/sessions.js';
import { confirmSessions } from '../actions/confirm.js';
import { revertClasses, sessionsNeedingClass, uncancelSessions } from '../actions/uncancel.js';
import { sessionJson } from '../ui/json.js';
import type { Listed } from '../ui/table.js';
import type { ListingPage, ListingScreen } from '../ui/handoff.js';

/** The sessions with their same-slot twins, which revert and the duplicate mark need. */
async function withTwins(db: Db, sessions: Session[]): Promise<Session[]> {
  const twins = await twinsOf(db, sessions.map((s) => s.id));
  return sessions.map((s) => ({ ...s, twins: twins.get(s.id) ?? [] }));
}

export async function loadListing(db: Db, filter: SessionFilter, now: Date = new Date()): Promise<Listed[]> {
  const sessions = await withTwins(db, await listSessions(db, filter));
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
  /** `now`: the command's clock, for the practice's today (NOT_YET_HELD). */
  load(db: Db, now?: Date): Promise<ListingPage>;
  /** Offer to confirm several sessions at once (confirm-schedule). */
  confirmMany?: boolean;
}

/** A screen over an open database, wired to the shared actions (one session, one transaction). */
export function listingScreen(ctx: Context, db: Db, spec: ScreenSpec): ListingScreen {
  const opts = { actor: ctx.actor, clock: () => ctx.now() };
  return {
    title: spec.title,
    empty: spec.empty,
    showDate: spec.showDate,
    confirmMany: spec.confirmMany ?? false,
    load: () => spec.load(db, ctx.now()),
    async reload(id) {
      const found = (await loadSessions(db, [id])).get(id);
      const rules = await ruleContext(db, db.knex, ctx.now());
      if (!found) return null;
      const [session] = await withTwins(db, [found]);
      const twins = await loadSessions(db, session!.twins ?? []);
      return {
        listed: { session: session!, verdict: decide(session!, rules) },
        mode: rules.integrationMode,
        today: rules.today,
        twins: (session!.twins ?? []).map((t) => twins.get(t)).filter((t): t is Session => t !== undefined),
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
