// Reading the audit trail (it is only ever appended to, by src/actions through changes.ts).
import type { Knex } from 'knex';
import type { Db } from './connection.js';

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  sessionId: number | null;
  /** The JSON snapshot as written; a string when some other program wrote text that is not JSON. */
  detail: unknown;
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

export async function getAudit(db: Db, id: number): Promise<AuditRecord | null> {
  const row = (await db.knex('audit_log').where({ id }).first()) as Record<string, unknown> | undefined;
  return row ? toRecord(row) : null;
}
