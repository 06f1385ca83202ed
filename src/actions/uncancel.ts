// Revert Cancellation: a cancelled session goes back to the status and class it had before its
// latest cancellation, as that cancellation's audit row recorded them. A session cancelled by another
// program (no such row) goes back to confirmed when it had been confirmed, else scheduled, with a
// class the user names. The rules are asked again under the lock, with the slot locked too, so that
// two reverts (or a revert and a restore) cannot both put a live session into the same slot.
import type { Queryable } from '../store/queryable.js';
import type { OutcomeResult, Session, SessionClass } from '../domain/types.js';
import { FailError, UsageError } from '../domain/errors.js';
import { decideUncancel } from '../rules/index.js';
import type { Db } from '../store/connection.js';
import { findClassByName, listClasses } from '../store/classes.js';
import { lockSessions, nowIso, rowsOf, writeAudit, writeTransaction } from '../store/changes.js';
import { uncancelSessionRow } from '../store/corrections.js';
import { latestChange } from '../store/deletions.js';
import { loadSessions } from '../store/sessions.js';
import { ruleContext } from '../store/settings.js';
import { lockSlots, twinsOf } from '../store/twins.js';
import { clockOf, planOutcomes, uniqueIds, type CorrectionOptions } from './corrections.js';


export interface RevertTarget {
  status: 'scheduled' | 'confirmed';
  classId: number | null;
  /** The cancellation's audit row it comes from; null when the class was supplied instead. */
  fromAuditId: number | null;
}

export interface UncancelOptions extends CorrectionOptions {
  /** For sessions cancelled without an audit row: an active class that is not a cancellation class. */
  sessionClass?: SessionClass | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What the session's latest cancellation recorded, when that cancellation is the one in force now. */
async function recordedTarget(q: Queryable, s: Session): Promise<RevertTarget | null> {
  const cancel = await latestChange(q, s.id, ['session.cancel']);
  const before = cancel?.detail?.before;
  const after = cancel?.detail?.after;
  if (!cancel || !isObject(before) || !isObject(after)) return null;
  // Cancelled again since, by another program: that row no longer describes what is in force.
  if (after.cancelled_at !== s.cancelledAt) return null;
  if (before.status !== 'scheduled' && before.status !== 'confirmed') return null;
  const classId = before.session_class_id == null ? null : Number(before.session_class_id);
  return { status: before.status, classId, fromAuditId: cancel.auditId };
}

/** The classes a revert may put on a session: active, not cancellation classes. */
export async function revertClasses(db: Db, q: Queryable = db.knex): Promise<SessionClass[]> {
  return (await listClasses(q)).filter((c) => c.active && !c.isCancellation);
}

function classHint(valid: SessionClass[]): string {
  return valid.length > 0
    ? `Use one of: ${valid.map((c) => `"${c.name}"`).join(', ')}.`
    : 'No active class that is not a cancellation class exists; add one with `sessionctl classes add NAME`.';
}

/** The class --class names: active and not a cancellation class, or a usage error listing those that are. */
export async function resolveRevertClass(db: Db, name: string): Promise<SessionClass> {
  const found = await findClassByName(db.knex, name);
  if (found && found.active && !found.isCancellation) return found;
  const why = !found
    ? `There is no session class named "${name}".`
    : !found.active
      ? `The session class "${found.name}" is inactive.`
      : `The session class "${found.name}" is a cancellation class; a reverted session needs one that is not.`;
  throw new UsageError(why, classHint(await revertClasses(db)));
}

/** The cancelled sessions among these whose revert needs a class (no audit row says which they had). */
export async function sessionsNeedingClass(db: Db, ids: readonly number[]): Promise<number[]> {
  const sessions = await loadSessions(db, uniqueIds(ids));
  const need: number[] = [];
  for (const s of sessions.values()) {
    if (s.status === 'cancelled' && !(await recordedTarget(db.knex, s))) need.push(s.id);
  }
  return need.sort((a, b) => a - b);
}

async function withTwins(db: Db, q: Queryable, sessions: Map<number, Session>): Promise<Map<number, Session>> {
  const twins = await twinsOf(db, [...sessions.keys()], q);
  return new Map([...sessions].map(([id, s]) => [id, { ...s, twins: twins.get(id) ?? [] }]));
}

async function targetsFor(db: Db, q: Queryable, allowed: Session[], opts: UncancelOptions): Promise<Map<number, RevertTarget>> {
  const targets = new Map<number, RevertTarget>();
  const missing: number[] = [];
  for (const s of allowed) {
    const recorded = await recordedTarget(q, s);
    if (recorded) targets.set(s.id, recorded);
    else if (opts.sessionClass) {
      targets.set(s.id, { status: s.confirmedAt ? 'confirmed' : 'scheduled', classId: opts.sessionClass.id, fromAuditId: null });
    } else missing.push(s.id);
  }
  if (missing.length > 0) {
    throw new UsageError(
      `Session${missing.length === 1 ? '' : 's'} ${missing.join(', ')} ${missing.length === 1 ? 'was' : 'were'} cancelled without a record of ${missing.length === 1 ? 'its' : 'their'} class before, so the revert needs --class NAME; nothing was changed.`,
      // Read through `q`: inside the transaction, SQLite's one connection is the transaction's.
      classHint(await revertClasses(db, q)),
    );
  }
  return targets;
}

/**
 * decideUncancel over the sessions in order, counting those reverted earlier in the same run as
 * twins: two cancelled copies of one visit reverted together would otherwise both come back.
 */
function deciderIn(ctx: Parameters<typeof decideUncancel>[1]): (s: Session) => ReturnType<typeof decideUncancel> {
  const claimed = new Map<string, number>();
  return (s) => {
    const key = `${s.patient.id}|${s.provider.id}|${s.date}|${s.start}`;
    const prior = claimed.get(key);
    const v = decideUncancel(prior === undefined ? s : { ...s, twins: [...(s.twins ?? []), prior] }, ctx);
    if (v.allowed) claimed.set(key, s.id);
    return v;
  };
}

export async function uncancelSessions(db: Db, ids: readonly number[], opts: UncancelOptions): Promise<OutcomeResult[]> {
  const unique = uniqueIds(ids);
  const now = clockOf(opts);
  if (opts.dryRun || db.readOnly) {
    const sessions = await withTwins(db, db.knex, await loadSessions(db, unique));
    const ctx = await ruleContext(db, db.knex, now);
    const planned = planOutcomes(unique, sessions, deciderIn(ctx), 'uncancelled', 'would-uncancel', true);
    await targetsFor(db, db.knex, planned.allowed, opts);
    return planned.results;
  }
  return writeTransaction(db, async (trx) => {
    await lockSessions(db, trx, unique);
    const found = await loadSessions(db, unique, trx);
    await lockSlots(
      db,
      trx,
      [...found.values()].map((s) => ({ patientId: s.patient.id, providerId: s.provider.id, date: s.date, start: s.start })),
    );
    // The twins are read after the slot lock: another revert or restore of the slot has committed by now.
    const sessions = await withTwins(db, trx, found);
    const ctx = await ruleContext(db, trx, now);
    const { results, allowed } = planOutcomes(unique, sessions, deciderIn(ctx), 'uncancelled', 'would-uncancel', false);
    if (allowed.length === 0) return results;
    const targets = await targetsFor(db, trx, allowed, opts);
    const at = nowIso(() => now);
    const before = new Map((await rowsOf(db, trx, 'sessions', allowed.map((s) => s.id))).map((r) => [Number(r.id), r]));
    await writeAudit(
      trx,
      opts.actor,
      at,
      allowed.map((s) => {
        const t = targets.get(s.id) as RevertTarget;
        return {
          action: 'session.uncancel',
          sessionId: s.id,
          detail: {
            reason: opts.reason ?? null,
            session: s,
            cancellationAuditId: t.fromAuditId,
            before: before.get(s.id) ?? null,
            after: { status: t.status, session_class_id: t.classId, cancelled_at: null },
          },
        };
      }),
    );
    for (const s of allowed) {
      const t = targets.get(s.id) as RevertTarget;
      if ((await uncancelSessionRow(trx, s.id, t.status, t.classId)) !== 1) {
        throw new FailError(`Session ${s.id} changed while its cancellation was being reverted; nothing was changed.`);
      }
    }
    return results;
  });
}
