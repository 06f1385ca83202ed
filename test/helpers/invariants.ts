// What must hold after any run, however it ended: no orphan rows, every change audited exactly once
// with a snapshot of what it removed, no audit row without its change. And a digest of every table,
// to prove that a run changed nothing at all.
import { createHash } from 'node:crypto';
import type { Db } from '../../src/store/connection.js';

const CHILD_TABLES = ['claims', 'charges', 'payments', 'adjustments', 'notes'] as const;

interface SessionState {
  status: string;
  classId: number | null;
}

/** The state before a run, against which its changes are judged. */
export interface Baseline {
  sessions: Map<number, SessionState>;
  /** Charge ids and note ids (with status) of each session. */
  charges: Map<number, number[]>;
  notes: Map<number, Array<{ id: number; status: string }>>;
  auditMax: number;
  addendaMax: number;
}

export interface Verdict {
  /** What is wrong, one line each; empty when all holds. */
  violations: string[];
  deleted: number[];
  /** Cancelled and still there. */
  cancelled: number[];
}

function group<T>(rows: Array<{ session_id: unknown }>, value: (r: never) => T): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = Number(r.session_id);
    m.set(k, [...(m.get(k) ?? []), value(r as never)]);
  }
  return m;
}

async function maxId(db: Db, table: string): Promise<number> {
  const [row] = await db.knex(table).max({ m: 'id' });
  return Number((row as { m: number | string | null }).m ?? 0);
}

export async function baseline(db: Db): Promise<Baseline> {
  const k = db.knex;
  const sessions = new Map<number, SessionState>();
  for (const r of await k('sessions').select('id', 'status', 'session_class_id')) {
    sessions.set(Number(r.id), { status: r.status, classId: r.session_class_id === null ? null : Number(r.session_class_id) });
  }
  return {
    sessions,
    charges: group(await k('charges').select('id', 'session_id'), (r: { id: unknown }) => Number(r.id)),
    notes: group(await k('notes').select('id', 'session_id', 'status'), (r: { id: unknown; status: string }) => ({
      id: Number(r.id),
      status: r.status,
    })),
    auditMax: await maxId(db, 'audit_log'),
    addendaMax: await maxId(db, 'addenda'),
  };
}

const sorted = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);
const sameSet = (a: Iterable<number>, b: Iterable<number>) => JSON.stringify(sorted(new Set(a))) === JSON.stringify(sorted(new Set(b)));

interface AuditRow {
  id: number;
  actor: string;
  action: string;
  session_id: number | null;
  detail: string;
}

/**
 * Judges the database against its baseline. `actors`, when given, are the only actors that may
 * appear on the new audit rows.
 */
export async function checkInvariants(db: Db, base: Baseline, opts: { actors?: string[] } = {}): Promise<Verdict> {
  const k = db.knex;
  const violations: string[] = [];

  for (const table of CHILD_TABLES) {
    const orphans = await k(table).whereNotIn('session_id', k('sessions').select('id')).count({ n: '*' });
    const n = Number((orphans[0] as { n: number | string }).n);
    if (n > 0) violations.push(`${n} ${table} row(s) point at a session that does not exist`);
  }

  const now = new Map<number, SessionState & { cancelledAt: string | null }>();
  for (const r of await k('sessions').select('id', 'status', 'session_class_id', 'cancelled_at')) {
    now.set(Number(r.id), {
      status: r.status,
      classId: r.session_class_id === null ? null : Number(r.session_class_id),
      cancelledAt: r.cancelled_at,
    });
  }
  const deleted = sorted([...base.sessions.keys()].filter((id) => !now.has(id)));
  const cancelled: number[] = [];
  for (const [id, after] of now) {
    const before = base.sessions.get(id);
    if (!before) {
      violations.push(`session ${id} appeared during the run`);
      continue;
    }
    if (before.status === after.status && before.classId === after.classId) continue;
    if (before.status !== 'cancelled' && after.status === 'cancelled' && after.classId !== null && after.cancelledAt) {
      cancelled.push(id);
    } else {
      violations.push(`session ${id} changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}, which is no cancellation`);
    }
  }

  const audit = (await k('audit_log').where('id', '>', base.auditMax).orderBy('id')) as AuditRow[];
  const deleteRows = audit.filter((a) => a.action === 'session.delete');
  const cancelRows = audit.filter((a) => a.action === 'session.cancel');
  for (const a of audit) {
    if (a.action !== 'session.delete' && a.action !== 'session.cancel') violations.push(`unexpected audit action ${a.action}`);
    if (opts.actors && !opts.actors.includes(a.actor)) violations.push(`audit row ${a.id} has actor ${JSON.stringify(a.actor)}`);
    if (!a.actor) violations.push(`audit row ${a.id} has no actor`);
  }
  const countBy = (rows: AuditRow[]) => {
    const m = new Map<number, number>();
    for (const r of rows) m.set(Number(r.session_id), (m.get(Number(r.session_id)) ?? 0) + 1);
    return m;
  };
  for (const [id, n] of countBy(deleteRows)) if (n !== 1) violations.push(`session ${id} has ${n} session.delete audit rows`);
  for (const [id, n] of countBy(cancelRows)) if (n !== 1) violations.push(`session ${id} has ${n} session.cancel audit rows`);
  if (!sameSet(deleteRows.map((a) => Number(a.session_id)), deleted)) {
    violations.push(`deleted ${JSON.stringify(deleted)} but audited deletes of ${JSON.stringify(sorted(deleteRows.map((a) => Number(a.session_id))))}`);
  }
  // A session cancelled and then deleted has both rows, the cancel first, and the delete's snapshot
  // shows it cancelled: its cancellation is not lost.
  const deleteAudit = new Map(deleteRows.map((a) => [Number(a.session_id), a]));
  const cancelledThenDeleted = cancelRows.filter((a) => deleteAudit.has(Number(a.session_id)));
  for (const a of cancelledThenDeleted) {
    const del = deleteAudit.get(Number(a.session_id))!;
    const snapshot = (JSON.parse(del.detail) as { removed?: { sessions?: Array<{ status?: string }> } }).removed?.sessions?.[0];
    if (Number(del.id) < Number(a.id) || snapshot?.status !== 'cancelled') {
      violations.push(`session ${a.session_id} was cancelled and deleted, but the delete's snapshot does not follow the cancellation`);
    }
  }
  const cancelAudited = cancelRows.map((a) => Number(a.session_id)).filter((id) => !deleteAudit.has(id));
  if (!sameSet(cancelAudited, cancelled)) {
    violations.push(`cancelled ${JSON.stringify(sorted(cancelled))} but audited cancels of ${JSON.stringify(sorted(cancelAudited))}`);
  }

  // Nothing lost: what a delete removed is in its audit row's snapshot, row for row.
  const remainingNotes = new Set((await k('notes').select('id')).map((r: { id: unknown }) => Number(r.id)));
  const remainingCharges = new Set((await k('charges').select('id')).map((r: { id: unknown }) => Number(r.id)));
  for (const a of deleteRows) {
    const id = Number(a.session_id);
    const detail = JSON.parse(a.detail) as { removed?: { sessions?: Array<{ id: unknown }>; charges?: Array<{ id: unknown }>; notes?: Array<{ id: unknown }> } };
    const removed = detail.removed ?? {};
    if ((removed.sessions ?? []).map((r) => Number(r.id)).join() !== String(id)) {
      violations.push(`audit row ${a.id} does not hold the snapshot of session ${id}`);
    }
    const goneCharges = (base.charges.get(id) ?? []).filter((c) => !remainingCharges.has(c));
    if (!sameSet((removed.charges ?? []).map((r) => Number(r.id)), goneCharges)) {
      violations.push(`session ${id}: charges removed ${JSON.stringify(goneCharges)} differ from the audit snapshot`);
    }
    const goneNotes = (base.notes.get(id) ?? []).filter((n) => !remainingNotes.has(n.id)).map((n) => n.id);
    if (!sameSet((removed.notes ?? []).map((r) => Number(r.id)), goneNotes)) {
      violations.push(`session ${id}: notes removed ${JSON.stringify(goneNotes)} differ from the audit snapshot`);
    }
  }
  // Charges and notes disappear only with their session.
  for (const [sid, ids] of base.charges) {
    if (now.has(sid) && ids.some((c) => !remainingCharges.has(c))) violations.push(`session ${sid} lost charges but still exists`);
  }
  for (const [sid, notes] of base.notes) {
    if (now.has(sid) && notes.some((n) => !remainingNotes.has(n.id))) violations.push(`session ${sid} lost notes but still exists`);
  }

  const addenda = await k('addenda').where('id', '>', base.addendaMax).select('session_id');
  const mode = (await k('settings').where({ key: 'integration_mode' }).first())?.value ?? 'standalone';
  const addendumIds = addenda.map((r: { session_id: unknown }) => Number(r.session_id));
  if (mode === 'webpt' ? !sameSet(addendumIds, deleted) || addendumIds.length !== deleted.length : addendumIds.length > 0) {
    violations.push(`addenda ${JSON.stringify(sorted(addendumIds))} do not match the deletes ${JSON.stringify(deleted)} in ${mode} mode`);
  }
  return { violations, deleted, cancelled: sorted(cancelled) };
}

async function tableNames(db: Db): Promise<string[]> {
  if (db.engine === 'sqlite') {
    const rows = await db.knex.raw(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`);
    return (rows as Array<{ name: string }>).map((r) => r.name);
  }
  const res = await db.knex.raw(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return (res.rows as Array<{ name: string }>).map((r) => r.name);
}

/**
 * A value that changes whenever another connection commits a change, cheap enough to take after every
 * command: the fuzz takes the full digest only when it did change. SQLite: PRAGMA data_version, asked
 * on our one pooled connection. PostgreSQL: per table the row count and the sum of the row versions
 * (xmin): an insert or update brings a new xmin, a delete lowers the count.
 */
export async function changeMarker(db: Db): Promise<string> {
  if (db.engine === 'sqlite') {
    const rows = (await db.knex.raw('PRAGMA data_version')) as Array<{ data_version: number }>;
    return String(rows[0]!.data_version);
  }
  const tables = await tableNames(db);
  const parts = tables.map((t) => `SELECT '${t}' AS t, count(*) AS n, coalesce(sum(xmin::text::bigint), 0) AS v FROM "${t}"`);
  const res = await db.knex.raw(parts.join(' UNION ALL '));
  return JSON.stringify([tables, res.rows]);
}

/** Row count and a checksum of every row of every table (and the table list itself). */
export async function digest(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await tableNames(db)) {
    const rows = await db.knex(table).select('*').orderByRaw('1');
    const hash = createHash('sha256');
    for (const r of rows) hash.update(JSON.stringify(r)).update('\n');
    out[table] = `${rows.length}:${hash.digest('hex').slice(0, 16)}`;
  }
  return out;
}
