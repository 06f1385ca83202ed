// What the audit trail says about one session's past: its latest deletion (the snapshot a restore
// puts back) and its latest cancellation (what a revert puts back). Read-only queries.
import type { Queryable } from './queryable.js';
import type { Deletion } from '../domain/types.js';


export interface LoggedChange {
  auditId: number;
  at: string;
  actor: string;
  action: string;
  /** The parsed detail; null when it is not JSON (written by another program). */
  detail: Record<string, unknown> | null;
}

function parse(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string') return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The newest audit row of the session among these actions, or null. */
export async function latestChange(q: Queryable, sessionId: number, actions: readonly string[]): Promise<LoggedChange | null> {
  const row = (await q('audit_log')
    .select('id', 'at', 'actor', 'action', 'detail')
    .where('session_id', sessionId)
    .whereIn('action', actions as string[])
    .orderBy('id', 'desc')
    .first()) as Record<string, unknown> | undefined;
  if (!row) return null;
  return { auditId: Number(row.id), at: String(row.at), actor: String(row.actor), action: String(row.action), detail: parse(row.detail) };
}

/** The latest deletion of each of these sessions that is not followed by a restore: who and when. */
export async function deletionsOf(q: Queryable, ids: readonly number[]): Promise<Map<number, Deletion>> {
  const map = new Map<number, Deletion>();
  for (const id of ids) {
    const latest = await latestChange(q, id, ['session.delete', 'session.restore']);
    if (latest?.action === 'session.delete') map.set(id, { auditId: latest.auditId, at: latest.at, actor: latest.actor });
  }
  return map;
}
