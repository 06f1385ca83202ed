// Restore: a deleted session back from the snapshot in its latest session.delete audit row — the
// session with its original id and values, and the charges and notes deleted with it, with theirs —
// in one transaction that locks the slot, asks the rules again (SESSION_EXISTS, WOULD_DUPLICATE,
// MISSING_REFERENCE) and writes a session.restore audit row. In WebPT practices the addendum owed for
// the deletion is withdrawn, or, when it was completed already, the result warns about it.
import type { Knex } from 'knex';
import type { Queryable } from '../store/queryable.js';
import type { OutcomeResult, Session, SessionStatus, Warning } from '../domain/types.js';
import { decideRestore, type MissingReference, type RestoreInput } from '../rules/index.js';
import type { Db } from '../store/connection.js';
import { addendumRow, withdrawAddendum } from '../store/addenda.js';
import { nowIso, writeAudit, writeTransaction } from '../store/changes.js';
import { existingIds, insertWithIds } from '../store/corrections.js';
import { latestChange } from '../store/deletions.js';
import { loadSessions } from '../store/sessions.js';
import { ruleContext } from '../store/settings.js';
import { lockSlots, sessionsInSlot, type Slot } from '../store/twins.js';
import { clockOf, uniqueIds, type CorrectionOptions } from './corrections.js';

type Row = Record<string, unknown>;

/** A deletion as its audit row recorded it. */
interface Snapshot {
  auditId: number;
  session: Row;
  charges: Row[];
  notes: Row[];
  /** The session as the screens showed it when it was deleted (names resolved), for the outcome line. */
  shown: Session | undefined;
  addendumId: number | null;
}

const rows = (v: unknown): Row[] => (Array.isArray(v) ? v.filter((r): r is Row => r !== null && typeof r === 'object') : []);

async function snapshotOf(q: Queryable, id: number): Promise<Snapshot | null> {
  const deletion = await latestChange(q, id, ['session.delete']);
  const removed = deletion?.detail?.removed as Row | undefined;
  const [session] = rows(removed?.sessions);
  if (!deletion || !session || Number(session.id) !== id) return null;
  const addendumId = deletion.detail?.addendumId;
  return {
    auditId: deletion.auditId,
    session,
    charges: rows(removed?.charges),
    notes: rows(removed?.notes),
    shown: deletion.detail?.session as Session | undefined,
    addendumId: typeof addendumId === 'number' ? addendumId : null,
  };
}

function slotOf(r: Row): Slot {
  return { patientId: Number(r.patient_id), providerId: Number(r.provider_id), date: String(r.scheduled_date), start: String(r.start_time) };
}

async function missingReferences(db: Db, q: Queryable, r: Row): Promise<MissingReference[]> {
  const refs: Array<[MissingReference['what'], string, unknown]> = [
    ['patient', 'patients', r.patient_id],
    ['provider', 'providers', r.provider_id],
    ['location', 'locations', r.location_id],
    ['session class', 'session_classes', r.session_class_id],
  ];
  const missing: MissingReference[] = [];
  for (const [what, table, value] of refs) {
    if (value == null) continue;
    const id = Number(value);
    if (!(await existingIds(db, q, table, [id])).has(id)) missing.push({ what, id });
  }
  return missing;
}

interface Planned {
  result: OutcomeResult;
  snapshot: Snapshot | null;
}

async function plan(db: Db, q: Queryable, ids: number[], now: Date, dryRun: boolean): Promise<Planned[]> {
  const ctx = await ruleContext(db, q, now);
  const claimed = new Map<string, number>();
  const planned: Planned[] = [];
  for (const id of ids) {
    const snapshot = await snapshotOf(q, id);
    if (!snapshot) {
      planned.push({
        result: { id, outcome: 'not-found', reasons: [], notFound: `The audit log holds no deletion of session ${id}; there is nothing to restore.` },
        snapshot: null,
      });
      continue;
    }
    const slot = slotOf(snapshot.session);
    const key = `${slot.patientId}|${slot.providerId}|${slot.date}|${slot.start}`;
    const status = String(snapshot.session.status) as SessionStatus;
    const prior = claimed.get(key);
    const input: RestoreInput = {
      id,
      status,
      date: slot.date,
      exists: (await existingIds(db, q, 'sessions', [id])).has(id),
      twins: [...(await sessionsInSlot(q, slot, id)), ...(prior === undefined ? [] : [prior])],
      missing: await missingReferences(db, q, snapshot.session),
    };
    const v = decideRestore(input, ctx);
    if (v.allowed && status !== 'cancelled') claimed.set(key, id);
    planned.push({
      result: {
        id,
        outcome: v.allowed ? (dryRun ? 'would-restore' : 'restored') : 'blocked',
        reasons: v.reasons,
        ...(snapshot.shown ? { session: snapshot.shown } : {}),
      },
      snapshot: v.allowed ? snapshot : null,
    });
  }
  return planned;
}

/** The addendum owed for the deletion: withdrawn when pending (not in a dry run), a warning when completed. */
async function settleAddendum(
  trx: Queryable,
  snapshot: Snapshot,
  at: string | null,
): Promise<{ warning: Warning | null; withdrawn: boolean }> {
  if (snapshot.addendumId === null) return { warning: null, withdrawn: false };
  const row = await addendumRow(trx, snapshot.addendumId);
  if (!row) return { warning: null, withdrawn: false };
  if (row.completed_at != null) {
    return {
      warning: {
        code: 'ADDENDUM_ALREADY_COMPLETED',
        message: `WebPT holds addendum ${snapshot.addendumId} (completed ${String(row.completed_at)} by ${String(row.completed_by ?? 'someone')}) for a deletion that has now been reverted: correct it in WebPT.`,
      },
      withdrawn: false,
    };
  }
  if (row.withdrawn_at != null || at === null) return { warning: null, withdrawn: false };
  const changed = await withdrawAddendum(trx as Knex.Transaction, snapshot.addendumId, at);
  return { warning: null, withdrawn: changed === 1 };
}

export async function restoreSessions(db: Db, ids: readonly number[], opts: CorrectionOptions): Promise<OutcomeResult[]> {
  const unique = uniqueIds(ids);
  const now = clockOf(opts);
  if (opts.dryRun || db.readOnly) {
    const planned = await plan(db, db.knex, unique, now, true);
    for (const p of planned) {
      if (!p.snapshot) continue;
      const { warning } = await settleAddendum(db.knex, p.snapshot, null);
      if (warning) p.result.warnings = [warning];
    }
    return planned.map((p) => p.result);
  }
  return writeTransaction(db, async (trx) => {
    // The slots of every deletion asked for, locked before anything is read (PostgreSQL; SQLite holds the writer lock).
    const slots: Slot[] = [];
    for (const id of unique) {
      const s = await snapshotOf(trx, id);
      if (s) slots.push(slotOf(s.session));
    }
    await lockSlots(db, trx, slots);
    const planned = await plan(db, trx, unique, now, false);
    const at = nowIso(() => now);
    for (const p of planned) {
      if (!p.snapshot) continue;
      const s = p.snapshot;
      await insertWithIds(db, trx, 'sessions', [s.session]);
      await insertWithIds(db, trx, 'charges', s.charges);
      await insertWithIds(db, trx, 'notes', s.notes);
      const { warning, withdrawn } = await settleAddendum(trx, s, at);
      if (warning) p.result.warnings = [warning];
      const restored = (await loadSessions(db, [p.result.id], trx)).get(p.result.id);
      if (restored) p.result.session = restored;
      await writeAudit(trx, opts.actor, at, [
        {
          action: 'session.restore',
          sessionId: p.result.id,
          detail: {
            reason: opts.reason ?? null,
            deletionAuditId: s.auditId,
            session: restored ?? null,
            restored: { sessions: [s.session], charges: s.charges, notes: s.notes },
            addendum: s.addendumId === null ? null : { id: s.addendumId, withdrawn, completedAlready: warning !== null },
          },
        },
      ]);
    }
    return planned.map((p) => p.result);
  });
}
