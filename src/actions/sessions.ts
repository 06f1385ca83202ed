// Permanently Delete and Apply Cancellation: the only code that removes or cancels sessions.
// Each batch is one transaction that locks the sessions, loads their facts again, asks the rules
// again, changes what they allow and writes one audit row per changed session.
import type { Knex } from 'knex';
import type { OutcomeResult, RuleContext, Session, SessionClass } from '../domain/types.js';
import { FailError, InterruptedBatchError, UsageError } from '../domain/errors.js';
import { noSuchClass } from '../domain/messages.js';
import { decide, noLongerDuplicate, removableNotes, type DuplicateCandidate } from '../rules/index.js';
import type { Db } from '../store/connection.js';
import { planOutcomes, uniqueIds } from './corrections.js';
import { findClassByName, listClasses } from '../store/classes.js';
import { duplicateKeys } from '../store/duplicates.js';
import { loadSessions } from '../store/sessions.js';
import { ruleContext } from '../store/settings.js';
import { inSavepoint, isForeignKeyViolation, retrying } from '../store/retry.js';
import { stillReferenced } from '../rules/index.js';
import {
  cancelSessionRows,
  deleteSessionRows,
  lockNotes,
  lockSessions,
  inBulkWrite,
  nowIso,
  rowsOf,
  writeAddenda,
  writeAudit,
  writeTransaction,
  type AuditEntry,
} from '../store/changes.js';

export interface ActionOptions {
  actor: string;
  reason?: string | null;
  dryRun?: boolean;
  /** Sessions per transaction; one session is one transaction when called with one id. */
  batchSize?: number;
  clock?: () => Date;
  /** Told after each batch, for progress bars. */
  onProgress?: (done: number, total: number) => void;
  /** A reason per session (bulk clean-up: "duplicate of session N"), over `reason`. */
  reasonFor?: (id: number) => string | undefined;
  /**
   * Bulk clean-up: the keeper of each session to remove. The keepers are locked and loaded with the
   * batch, and a session that is no longer a duplicate of its keeper is refused (NO_LONGER_DUPLICATE).
   */
  duplicateOf?: ReadonlyMap<number, number>;
  /** Aborted by Ctrl-C: no new batch starts; the committed ones are reported (InterruptedBatchError). */
  signal?: AbortSignal;
}

const DEFAULT_BATCH = 500;

function notFound(id: number): OutcomeResult {
  return { id, outcome: 'not-found', reasons: [] };
}

function plan(
  ids: readonly number[],
  sessions: Map<number, Session>,
  ctx: RuleContext,
  action: 'delete' | 'cancel',
  dryRun: boolean,
): { results: OutcomeResult[]; allowed: Session[] } {
  const [done, would] = action === 'delete' ? (['deleted', 'would-delete'] as const) : (['cancelled', 'would-cancel'] as const);
  return planOutcomes(ids, sessions, (s) => decide(s, ctx)[action], done, would, dryRun);
}

async function inBatches(
  db: Db,
  ids: readonly number[],
  opts: ActionOptions,
  run: (batch: number[]) => Promise<OutcomeResult[]>,
): Promise<OutcomeResult[]> {
  const unique = uniqueIds(ids);
  const size = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  const results: OutcomeResult[] = [];
  const batches = async () => {
    for (let i = 0; i < unique.length; i += size) {
      if (opts.signal?.aborted) throw new InterruptedBatchError(results, unique.length - i);
      results.push(...(await run(unique.slice(i, i + size))));
      opts.onProgress?.(Math.min(i + size, unique.length), unique.length);
    }
  };
  if (size > 1 && unique.length > 1 && !opts.dryRun && !db.readOnly) await inBulkWrite(db, batches);
  else await batches();
  // Ctrl-C during the last batch: everything was done, and the run still says it was interrupted (130).
  if (opts.signal?.aborted) throw new InterruptedBatchError(results, 0);
  return results;
}

/** The keepers of a clean-up batch: locked with it, and read again for the re-check. */
function keepersOf(ids: readonly number[], duplicateOf: ReadonlyMap<number, number> | undefined): number[] {
  if (!duplicateOf) return [];
  return uniqueIds(ids.map((id) => duplicateOf.get(id)).filter((k): k is number => k !== undefined));
}

/** Refuses, in place, the allowed sessions that are no longer duplicates of their keepers. */
function recheckDuplicates(
  planned: { results: OutcomeResult[]; allowed: Session[] },
  keepers: ReadonlyMap<number, DuplicateCandidate>,
  duplicateOf: ReadonlyMap<number, number> | undefined,
): { results: OutcomeResult[]; allowed: Session[] } {
  if (!duplicateOf) return planned;
  const stale = new Map<number, OutcomeResult['reasons'][number]>();
  for (const s of planned.allowed) {
    const keeperId = duplicateOf.get(s.id);
    if (keeperId === undefined) continue;
    const reason = noLongerDuplicate(s, keepers.get(keeperId), keeperId);
    if (reason) stale.set(s.id, reason);
  }
  if (stale.size === 0) return planned;
  return {
    results: planned.results.map((r) => {
      const reason = stale.get(r.id);
      return reason ? { ...r, outcome: 'blocked', reasons: [reason] } : r;
    }),
    allowed: planned.allowed.filter((s) => !stale.has(s.id)),
  };
}

/** What delete would do, without a write transaction (dry runs, read-only databases). */
async function preview(db: Db, ids: number[], action: 'delete' | 'cancel', duplicateOf?: ReadonlyMap<number, number>): Promise<OutcomeResult[]> {
  const [sessions, keepers, ctx] = await Promise.all([
    loadSessions(db, ids),
    duplicateKeys(db, keepersOf(ids, duplicateOf)),
    ruleContext(db),
  ]);
  return recheckDuplicates(plan(ids, sessions, ctx, action, true), keepers, duplicateOf).results;
}

interface Loaded {
  sessions: Map<number, Session>;
  keepers: Map<number, DuplicateCandidate>;
  ctx: RuleContext;
}

async function lockAndLoad(
  db: Db,
  trx: Knex.Transaction,
  ids: number[],
  duplicateOf?: ReadonlyMap<number, number>,
  forDelete = false,
): Promise<Loaded> {
  const keeperIds = keepersOf(ids, duplicateOf);
  await lockSessions(db, trx, uniqueIds([...ids, ...keeperIds]));
  if (forDelete) await lockNotes(db, trx, ids);
  // One query at a time: a transaction is one connection, and pg refuses overlapping queries on it (pg@9).
  const sessions = await loadSessions(db, ids, trx);
  const keepers = await duplicateKeys(db, keeperIds, trx);
  const ctx = await ruleContext(db, trx);
  return { sessions, keepers, ctx };
}

/** Snapshots, addenda, audit rows and the delete itself for sessions the rules allow; the addendum of each. */
async function removeAllowed(
  db: Db,
  trx: Knex.Transaction,
  allowed: readonly Session[],
  ctx: RuleContext,
  opts: ActionOptions,
): Promise<Map<number, number>> {
  const allowedIds = allowed.map((s) => s.id);
  const notes = removableNotes(ctx.integrationMode);
  const rows = await rowsOf(db, trx, 'sessions', allowedIds);
  const charges = await rowsOf(db, trx, 'charges', allowedIds);
  const noteRows = await rowsOf(db, trx, 'notes', allowedIds, notes === 'draft' ? { status: 'draft' } : undefined);
  const at = nowIso(opts.clock);
  const bySession = <T extends Record<string, unknown>>(list: T[], key: string) => {
    const m = new Map<number, T[]>();
    for (const r of list) {
      const k = Number(r[key]);
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    return m;
  };
  const sessionRows = bySession(rows, 'id');
  const chargeRows = bySession(charges, 'session_id');
  const notesRows = bySession(noteRows, 'session_id');

  let addendumIds: number[] = [];
  if (ctx.integrationMode === 'webpt') {
    addendumIds = await writeAddenda(
      trx,
      at,
      allowed.map((s) => ({ session_id: s.id, patient_id: s.patient.id, scheduled_date: s.date })),
    );
  }
  const entries: AuditEntry[] = allowed.map((s, i) => ({
    action: 'session.delete',
    sessionId: s.id,
    detail: {
      reason: opts.reasonFor?.(s.id) ?? opts.reason ?? null,
      integrationMode: ctx.integrationMode,
      session: s,
      addendumId: addendumIds[i] ?? null,
      removed: {
        sessions: sessionRows.get(s.id) ?? [],
        charges: chargeRows.get(s.id) ?? [],
        notes: notesRows.get(s.id) ?? [],
      },
    },
  }));
  const deleted = await deleteSessionRows(db, trx, allowedIds, notes, { actor: opts.actor, at, entries });
  // The lock makes this impossible; if it happens anyway, undo the whole batch rather than guess.
  if (deleted !== allowedIds.length) {
    throw new FailError(`Expected to delete ${allowedIds.length} session(s) but deleted ${deleted}; nothing was changed.`);
  }
  return new Map(allowed.map((s, i) => [s.id, addendumIds[i]!] as const).filter(([, a]) => a !== undefined));
}

/** The session's outcome after a fresh look: refused with what blocks it now, or not found. */
async function refusedAfterFreshLook(db: Db, trx: Knex.Transaction, id: number, ctx: RuleContext): Promise<OutcomeResult> {
  const fresh = (await loadSessions(db, [id], trx)).get(id);
  if (!fresh) return notFound(id);
  const verdict = decide(fresh, ctx).delete;
  // The database refused what the rules allow: a row of a table they do not know still points at it.
  const reasons = verdict.allowed ? [stillReferenced(id)] : verdict.reasons;
  return { id, outcome: 'blocked', reasons, session: fresh };
}

/**
 * The batch at once; if the database refuses it (something changed that the locks could not hold
 * back), each session on its own in a savepoint, after a fresh look: a session that is now blocked
 * is refused with its reason code, and the others are deleted.
 */
async function removeEachIfRefused(
  db: Db,
  trx: Knex.Transaction,
  planned: { results: OutcomeResult[]; allowed: Session[] },
  ctx: RuleContext,
  opts: ActionOptions,
): Promise<OutcomeResult[]> {
  const whole = await inSavepoint(trx, (sp) => removeAllowed(db, sp, planned.allowed, ctx, opts));
  if (whole.ok) return withAddenda(planned.results, whole.value);
  if (!isForeignKeyViolation(whole.error)) throw whole.error;
  const byId = new Map(planned.results.map((r) => [r.id, r]));
  for (const s of planned.allowed) {
    const fresh = (await loadSessions(db, [s.id], trx)).get(s.id);
    if (!fresh || !decide(fresh, ctx).delete.allowed) {
      byId.set(s.id, await refusedAfterFreshLook(db, trx, s.id, ctx));
      continue;
    }
    const one = await inSavepoint(trx, (sp) => removeAllowed(db, sp, [fresh], ctx, opts));
    if (one.ok) {
      byId.set(s.id, withAddenda([{ ...byId.get(s.id)!, session: fresh }], one.value)[0]!);
    } else if (isForeignKeyViolation(one.error)) {
      byId.set(s.id, await refusedAfterFreshLook(db, trx, s.id, ctx));
    } else {
      throw one.error;
    }
  }
  return planned.results.map((r) => byId.get(r.id)!);
}

function withAddenda(results: OutcomeResult[], addenda: ReadonlyMap<number, number>): OutcomeResult[] {
  return results.map((r) => {
    const addendumId = addenda.get(r.id);
    return addendumId === undefined ? r : { ...r, addendumId };
  });
}

export async function deleteSessions(db: Db, ids: readonly number[], opts: ActionOptions): Promise<OutcomeResult[]> {
  return inBatches(db, ids, opts, async (batch) => {
    if (opts.dryRun || db.readOnly) return preview(db, batch, 'delete', opts.duplicateOf);
    // A deadlock with another program's transaction: this one was chosen to give way; run it again.
    return retrying(() =>
      writeTransaction(db, async (trx) => {
        const { sessions, keepers, ctx } = await lockAndLoad(db, trx, batch, opts.duplicateOf, true);
        const planned = recheckDuplicates(plan(batch, sessions, ctx, 'delete', false), keepers, opts.duplicateOf);
        if (planned.allowed.length === 0) return planned.results;
        return removeEachIfRefused(db, trx, planned, ctx, opts);
      }),
    );
  });
}

export async function activeCancellationClasses(db: Db): Promise<SessionClass[]> {
  return (await listClasses(db.knex)).filter((c) => c.active && c.isCancellation);
}

/** The class a cancellation names: active and a cancellation class, or a usage error listing those that are. */
export async function resolveCancellationClass(db: Db, name: string): Promise<SessionClass> {
  const found = await findClassByName(db.knex, name);
  if (found && found.active && found.isCancellation) return found;
  const valid = (await activeCancellationClasses(db)).map((c) => `"${c.name}"`);
  const why = !found
    ? noSuchClass(name)
    : !found.active
      ? `The session class "${found.name}" is inactive.`
      : `The session class "${found.name}" is not a cancellation class.`;
  throw new UsageError(
    why,
    valid.length > 0
      ? `Use one of: ${valid.join(', ')}.`
      : 'No active cancellation class exists; add one with `sessionctl classes add "Cancelled" --cancellation`.',
  );
}

export async function cancelSessions(
  db: Db,
  ids: readonly number[],
  sessionClass: SessionClass,
  opts: ActionOptions,
): Promise<OutcomeResult[]> {
  return inBatches(db, ids, opts, async (batch) => {
    if (opts.dryRun || db.readOnly) return preview(db, batch, 'cancel');
    return retrying(() => writeTransaction(db, async (trx) => {
      const { sessions, ctx } = await lockAndLoad(db, trx, batch);
      // The class may have been deactivated since the command was started.
      const current = await findClassByName(trx, sessionClass.name);
      if (!current || !current.active || !current.isCancellation) {
        throw new FailError(`The session class "${sessionClass.name}" is no longer an active cancellation class.`);
      }
      const { results, allowed } = plan(batch, sessions, ctx, 'cancel', false);
      if (allowed.length === 0) return results;
      const at = nowIso(opts.clock);
      const before = await rowsOf(db, trx, 'sessions', allowed.map((s) => s.id));
      const beforeById = new Map(before.map((r) => [Number(r.id), r]));
      await writeAudit(
        trx,
        opts.actor,
        at,
        allowed.map((s) => ({
          action: 'session.cancel',
          sessionId: s.id,
          detail: {
            reason: opts.reasonFor?.(s.id) ?? opts.reason ?? null,
            sessionClass: { id: current.id, name: current.name },
            session: s,
            before: beforeById.get(s.id) ?? null,
            after: { status: 'cancelled', session_class_id: current.id, cancelled_at: at },
          },
        })),
      );
      const changed = await cancelSessionRows(db, trx, allowed.map((s) => s.id), current.id, at);
      if (changed !== allowed.length) {
        throw new FailError(`Expected to cancel ${allowed.length} session(s) but changed ${changed}; nothing was changed.`);
      }
      return results;
    }));
  });
}
