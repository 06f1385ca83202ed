// Removing payments or adjustments: the remedy that makes a session deletable. One transaction locks
// the sessions involved, snapshots each row into its own audit entry, removes it, and asks the rules
// again whether each session may now be deleted.
import type { Reason, Session } from '../domain/types.js';
import { FailError } from '../domain/errors.js';
import { decide } from '../rules/index.js';
import type { Db } from '../store/connection.js';
import { lockSessions, nowIso, writeAudit, writeTransaction } from '../store/changes.js';
import { deletePosted, postedByIds, POSTED_TABLE, type PostedKind, type PostedRow } from '../store/money.js';
import { loadSessions } from '../store/sessions.js';
import { ruleContext } from '../store/settings.js';
import { requireWritable } from './guard.js';

export interface RemoveOptions {
  actor: string;
  reason?: string | null;
  clock?: () => Date;
}

export interface RemovedResult {
  id: number;
  outcome: 'removed' | 'not-found';
  row?: PostedRow;
}

/** A session that lost rows, and whether Permanently Delete is now allowed. */
export interface SessionAfterRemoval {
  id: number;
  session: Session | null;
  deletable: boolean;
  reasons: Reason[];
}

export interface RemovalReport {
  kind: PostedKind;
  results: RemovedResult[];
  sessions: SessionAfterRemoval[];
}

export async function removePosted(
  db: Db,
  kind: PostedKind,
  ids: readonly number[],
  opts: RemoveOptions,
): Promise<RemovalReport> {
  requireWritable(db, `Removing ${POSTED_TABLE[kind]}`);
  const unique = [...new Set(ids)];
  return writeTransaction(db, async (trx) => {
    const seen = await postedByIds(db, trx, kind, unique);
    const sessionIds = [...new Set(seen.map((p) => p.row.sessionId))].sort((a, b) => a - b);
    await lockSessions(db, trx, sessionIds);
    // Read again under the lock: another administrator may have removed some meanwhile.
    const found = await postedByIds(db, trx, kind, unique);
    const byId = new Map(found.map((p) => [p.row.id, p]));
    const before = await loadSessions(db, sessionIds, trx);
    const at = nowIso(opts.clock);
    await writeAudit(
      trx,
      opts.actor,
      at,
      found.map((p) => ({
        action: `${kind}.remove`,
        sessionId: p.row.sessionId,
        detail: {
          reason: opts.reason ?? null,
          session: before.get(p.row.sessionId) ?? null,
          removed: { [POSTED_TABLE[kind]]: [p.raw] },
        },
      })),
    );
    const removed = await deletePosted(db, trx, kind, found.map((p) => p.row.id));
    if (removed !== found.length) {
      throw new FailError(`Expected to remove ${found.length} ${POSTED_TABLE[kind]} but removed ${removed}; nothing was changed.`);
    }
    const touched = [...new Set(found.map((p) => p.row.sessionId))].sort((a, b) => a - b);
    // One query at a time: a transaction is one connection.
    const after = await loadSessions(db, touched, trx);
    const ctx = await ruleContext(db, trx, opts.clock?.() ?? new Date());
    const sessions = touched.map((id) => {
      const session = after.get(id) ?? null;
      const verdict = session ? decide(session, ctx).delete : null;
      return { id, session, deletable: verdict?.allowed ?? false, reasons: verdict?.reasons ?? [] };
    });
    const results: RemovedResult[] = unique.map((id) => {
      const p = byId.get(id);
      return p ? { id, outcome: 'removed', row: p.row } : { id, outcome: 'not-found' };
    });
    return { kind, results, sessions };
  });
}
