// Completing addenda: recording that the addendum owed in WebPT for a deleted session has been written.
import { FailError } from '../domain/errors.js';
import type { Db } from '../store/connection.js';
import { addendaForUpdate, markAddendaCompleted, type Addendum } from '../store/addenda.js';
import { nowIso, writeAudit, writeTransaction } from '../store/changes.js';
import { requireWritable } from './guard.js';

export interface CompletionResult {
  id: number;
  outcome: 'completed' | 'already-completed' | 'not-found';
  /** The addendum after the change (absent when not found). */
  addendum?: Addendum;
}

export async function completeAddenda(
  db: Db,
  ids: readonly number[],
  opts: { actor: string; clock?: () => Date },
): Promise<CompletionResult[]> {
  requireWritable(db, 'Completing addenda');
  const unique = [...new Set(ids)];
  return writeTransaction(db, async (trx) => {
    const found = await addendaForUpdate(db, trx, unique);
    const pending = unique.filter((id) => found.get(id) && found.get(id)?.addendum.completedAt === null);
    const at = nowIso(opts.clock);
    await writeAudit(
      trx,
      opts.actor,
      at,
      pending.map((id) => {
        const { addendum, raw } = found.get(id) as { addendum: Addendum; raw: Record<string, unknown> };
        return {
          action: 'addendum.complete',
          sessionId: addendum.sessionId,
          detail: { addendumId: id, before: raw, after: { ...raw, completed_at: at, completed_by: opts.actor } },
        };
      }),
    );
    const changed = await markAddendaCompleted(db, trx, pending, at, opts.actor);
    if (changed !== pending.length) {
      throw new FailError(`Expected to complete ${pending.length} addenda but changed ${changed}; nothing was changed.`);
    }
    return unique.map((id): CompletionResult => {
      const f = found.get(id);
      if (!f) return { id, outcome: 'not-found' };
      if (!pending.includes(id)) return { id, outcome: 'already-completed', addendum: f.addendum };
      return { id, outcome: 'completed', addendum: { ...f.addendum, completedAt: at, completedBy: opts.actor } };
    });
  });
}
