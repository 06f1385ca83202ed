// The audit chain recomputed from CONTRACT §4.4 alone, with none of the writer's code: what a third
// party would write to check the trail.
import { createHash } from 'node:crypto';
import type { Db } from '../../src/store/connection.js';

export interface ChainCheck {
  rows: number;
  /** Ids whose prev_hash is not the previous row's hash, or whose hash is not the SHA-256 of their content. */
  bad: number[];
  last: { id: number; hash: string } | null;
}

export async function recomputeChain(db: Db): Promise<ChainCheck> {
  const rows = await db.knex('audit_log').select('id', 'at', 'actor', 'action', 'session_id', 'detail', 'prev_hash', 'hash').orderBy('id');
  let prev = '0'.repeat(64);
  const bad: number[] = [];
  for (const r of rows) {
    const text = JSON.stringify([
      Number(r.id),
      r.at,
      r.actor,
      r.action,
      r.session_id === null ? null : Number(r.session_id),
      r.detail,
      prev,
    ]);
    const expected = createHash('sha256').update(text, 'utf8').digest('hex');
    if (r.prev_hash !== prev || r.hash !== expected) bad.push(Number(r.id));
    prev = r.hash;
  }
  const tail = rows[rows.length - 1];
  return { rows: rows.length, bad, last: tail ? { id: Number(tail.id), hash: tail.hash } : null };
}
