// Reading the audit trail (it is only ever appended to, by src/actions through changes.ts).
import type { Knex } from 'knex';
import type { Db } from './connection.js';
import { patientsMatching } from './sessions.js';

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  sessionId: number | null;
  /** The JSON snapshot as written; a string when some other program wrote text that is not JSON. */
  detail: unknown;
  /** The hash chain (CONTRACT §4.4); null on a row some other program wrote without them. */
  prevHash: string | null;
  hash: string | null;
  /** Who acted as the system vouches for it (actor is declared): the operating-system user, the database role. */
  osUser: string | null;
  dbUser: string | null;
}

export interface AuditFilter {
  sessionId?: number;
  /** Exact, without regard to case. */
  actor?: string;
  /** A whole action name ("payment.remove") or a family ("payment", every payment.* action). */
  action?: string;
  /** Instants (ISO-8601 UTC): from inclusive, before exclusive. */
  fromAt?: string;
  beforeAt?: string;
  /** The feed: only entries with a greater id, oldest first. */
  afterId?: number;
  /** Entries about sessions of these patients (by session, or by the snapshot of a deleted one). */
  patientIds?: readonly number[];
  limit?: number;
}

function filtered(q: Knex, f: AuditFilter): Knex.QueryBuilder {
  const qb = q('audit_log');
  if (f.sessionId !== undefined) qb.where('session_id', f.sessionId);
  if (f.actor !== undefined) qb.whereRaw('lower(actor) = ?', [f.actor.toLowerCase()]);
  if (f.action !== undefined) {
    if (f.action.includes('.')) qb.where('action', f.action);
    else {
      const family = `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
      qb.where((w) => w.where('action', f.action as string).orWhereRaw(`action LIKE ? ESCAPE '\\'`, [family]));
    }
  }
  if (f.fromAt !== undefined) qb.where('at', '>=', f.fromAt);
  if (f.beforeAt !== undefined) qb.where('at', '<', f.beforeAt);
  if (f.afterId !== undefined) qb.where('id', '>', f.afterId);
  if (f.patientIds !== undefined) {
    const ids = f.patientIds;
    // A deleted session is no longer in `sessions`: its patient is read from the entry's snapshot
    // (`"patient":{"id":N` of the session, or `"patient_id":N` of a raw row). PostgreSQL 15 has no
    // safe cast of text that may not be JSON, so it reads the number with a pattern.
    const snapshotPatient =
      q.client.config.client === 'pg'
        ? `coalesce(substring(detail from '"patient":\\{"id":([0-9]{1,9})[,}]'), substring(detail from '"patient_id":([0-9]{1,9})[,}]'))::integer`
        : `CASE WHEN json_valid(detail) THEN coalesce(json_extract(detail, '$.session.patient.id'), json_extract(detail, '$.before.patient_id')) END`;
    const placeholders = ids.map(() => '?').join(', ');
    if (ids.length === 0) qb.whereRaw('1 = 0');
    else {
      qb.where((w) =>
        w
          .whereIn('session_id', (s) => s.select('id').from('sessions').whereIn('patient_id', ids))
          .orWhereRaw(`${snapshotPatient} IN (${placeholders})`, [...ids]),
      );
    }
  }
  return qb;
}

function parseDetail(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toRecord(r: Record<string, unknown>): AuditRecord {
  return {
    id: Number(r.id),
    at: String(r.at),
    actor: String(r.actor),
    action: String(r.action),
    sessionId: r.session_id == null ? null : Number(r.session_id),
    detail: parseDetail(r.detail),
    prevHash: r.prev_hash == null ? null : String(r.prev_hash),
    hash: r.hash == null ? null : String(r.hash),
    osUser: r.os_user == null ? null : String(r.os_user),
    dbUser: r.db_user == null ? null : String(r.db_user),
  };
}

/** Newest first, with the number of entries that match before the limit. */
export async function listAudit(db: Db, f: AuditFilter): Promise<{ entries: AuditRecord[]; total: number }> {
  const [countRow] = await filtered(db.knex, f).count({ n: '*' });
  const qb = filtered(db.knex, f).select('*').orderBy('id', 'desc');
  if (f.limit !== undefined) qb.limit(f.limit);
  const rows = (await qb) as Record<string, unknown>[];
  return { entries: rows.map(toRecord), total: Number((countRow as { n: number | string }).n) };
}

/**
 * The feed for systems that sync (CONTRACT §4.4): entries after `afterId`, oldest first; `next` is the
 * id to pass as the next --after (null when nothing new was listed: pass the same one again), `more`
 * whether entries beyond this page match already.
 */
export async function auditFeed(
  db: Db,
  f: AuditFilter & { afterId: number; limit: number },
): Promise<{ entries: AuditRecord[]; next: number | null; more: boolean }> {
  const rows = (await filtered(db.knex, f).select('*').orderBy('id', 'asc').limit(f.limit + 1)) as Record<string, unknown>[];
  const entries = rows.slice(0, f.limit).map(toRecord);
  const last = entries[entries.length - 1];
  return { entries, next: last ? last.id : null, more: rows.length > f.limit };
}

/** The newest entry: what to write down elsewhere, to prove later that the chain was not rewritten. */
export async function auditHead(db: Db): Promise<{ id: number; hash: string | null; at: string } | null> {
  const row = (await db.knex('audit_log').orderBy('id', 'desc').first('id', 'hash', 'at')) as Record<string, unknown> | undefined;
  return row ? { id: Number(row.id), hash: row.hash == null ? null : String(row.hash), at: String(row.at) } : null;
}

export async function getAudit(db: Db, id: number): Promise<AuditRecord | null> {
  const row = (await db.knex('audit_log').where({ id }).first()) as Record<string, unknown> | undefined;
  return row ? toRecord(row) : null;
}

/** Ids of the patients whose name or chart number contains `text` (as `search --patient`), at most `cap` + 1. */
export async function patientIdsMatching(db: Db, text: string, cap: number): Promise<number[]> {
  const rows = (await patientsMatching(db.knex, text).orderBy('id').limit(cap + 1)) as Array<{ id: number }>;
  return rows.map((r) => Number(r.id));
}
