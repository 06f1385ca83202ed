// `payments` and `adjustments` (declared in posted-commands.ts): the same two commands over the two kinds of posted money.
import type { CommandRun } from './define.js';
import type { Context } from './context.js';
import { FailError } from '../domain/errors.js';
import type { Session } from '../domain/types.js';
import { decide } from '../rules/index.js';
import { parseId, parseIds } from './parse.js';
import { opt, readOptions } from './options.js';
import { requireWritable } from '../actions/guard.js';
import type { RemovalReport, RemoveOptions } from '../actions/posted.js';
import { removePayments } from '../actions/payments.js';
import { removeAdjustments } from '../actions/adjustments.js';
import { postedByIds, postedForSession, type PostedKind, type PostedRow } from '../store/money.js';
import { loadSessions } from '../store/sessions.js';
import { ruleContext } from '../store/settings.js';
import type { Db } from '../store/connection.js';
import { confirmed, mustConfirm } from './change-flow.js';
import { EXIT_NOT_DONE, exitCodeOf } from '../domain/exit-codes.js';
import { POSTED_PLURAL } from '../domain/posted.js';
import {
  postedListingJson,
  printPostedListing,
  printRemoval,
  printRemovalPlan,
  removalJson,
} from '../ui/posted.js';

const REMOVE: Record<PostedKind, (db: Db, ids: readonly number[], opts: RemoveOptions) => Promise<RemovalReport>> = {
  payment: removePayments,
  adjustment: removeAdjustments,
};

/** A kind's count among a session's facts is named by its plural. */
const FACT = POSTED_PLURAL;

/** The session without `removed` of its rows of this kind: what the rules would see after the removal. */
function without(session: Session, kind: PostedKind, removed: number): Session {
  const facts = { ...session.facts, [FACT[kind]]: Math.max(0, session.facts[FACT[kind]] - removed) };
  return { ...session, facts };
}

export function listRunFor(kind: PostedKind): CommandRun {
  return async (ctx, args) => {
    const id = parseId(args[0] ?? '', 'session id');
    const db = await ctx.openDb();
    const session = (await loadSessions(db, [id])).get(id);
    if (!session) throw new FailError(`No session ${id} exists.`, 'Find it with `sessionctl search`.');
    const [rows, rules] = await Promise.all([postedForSession(db.knex, kind, id), ruleContext(db)]);
    const listing = {
      kind,
      session,
      rows,
      verdict: decide(session, rules),
      // Whether the remedy is enough, asked of the rules as if the rows were gone and the database writable.
      afterRemoval: decide(without(session, kind, rows.length), { ...rules, readOnly: false }).delete,
    };
    if (ctx.json) ctx.out.json(postedListingJson(listing));
    else printPostedListing(ctx.out, listing);
    return 0;
  };
}

/** What a removal would do, from the rows as they stand: the same report, with nothing written. */
async function dryRun(db: Db, kind: PostedKind, ids: number[], found: PostedRow[]): Promise<RemovalReport> {
  const byId = new Map(found.map((r) => [r.id, r]));
  const perSession = new Map<number, number>();
  for (const r of found) perSession.set(r.sessionId, (perSession.get(r.sessionId) ?? 0) + 1);
  const sessionIds = [...perSession.keys()].sort((a, b) => a - b);
  const [sessions, rules] = await Promise.all([loadSessions(db, sessionIds), ruleContext(db)]);
  return {
    kind,
    results: [...new Set(ids)].map((id) => {
      const row = byId.get(id);
      return row ? { id, outcome: 'removed' as const, row } : { id, outcome: 'not-found' as const };
    }),
    sessions: sessionIds.map((sid) => {
      const s = sessions.get(sid);
      const verdict = s ? decide(without(s, kind, perSession.get(sid) ?? 0), { ...rules, readOnly: false }).delete : null;
      return { id: sid, session: s ?? null, deletable: verdict?.allowed ?? false, reasons: verdict?.reasons ?? [] };
    }),
  };
}

function exitCode(report: RemovalReport): number {
  return exitCodeOf({ notFound: report.results.filter((r) => r.outcome === 'not-found').length, refused: 0 });
}

function show(ctx: Context, report: RemovalReport, dry: boolean): void {
  if (ctx.json) {
    ctx.out.json(removalJson(report, dry));
    return;
  }
  if (dry) ctx.out.info('Dry run: nothing was removed. This is what would happen:');
  printRemoval(ctx.out, report, dry);
}

const REMOVE_OPTIONS = { reason: opt.text({ max: 500 }), dryRun: opt.flag() };

export function removeRunFor(kind: PostedKind): CommandRun {
  return async (ctx, args, opts) => {
    const what = `${kind} id`;
    const ids = parseIds(args, what);
    const { reason = null, dryRun: dry } = readOptions(opts, REMOVE_OPTIONS, ctx);
    const label = `Removing ${POSTED_PLURAL[kind]}`;
    if (!dry) {
      requireWritable(ctx, label);
      mustConfirm(ctx, label);
    }
    const db = await ctx.openDb();
    const found = (await postedByIds(db, db.knex, kind, ids)).map((p) => p.row);
    if (dry) {
      const report = await dryRun(db, kind, ids, found);
      show(ctx, report, true);
      return exitCode(report);
    }
    if (!ctx.yes && found.length > 0) {
      printRemovalPlan(ctx.out, kind, found);
      const question = `Remove ${found.length === 1 ? `this ${kind}` : `these ${found.length} ${POSTED_PLURAL[kind]}`}? The audit log keeps a copy.`;
      // Declined: not done, as with delete and cancel, and nothing touched.
      if (!(await confirmed(ctx, question))) return EXIT_NOT_DONE;
    }
    const report = await REMOVE[kind](db, ids, { actor: ctx.actor, reason, clock: ctx.now });
    show(ctx, report, false);
    return exitCode(report);
  };
}
