// Confirm: billing confirms that visits took place (status confirmed, confirmed_at now). One
// transaction locks the sessions, loads them again, asks the rules again, changes what they allow
// and writes one audit row per confirmed session.
import type { OutcomeResult } from '../domain/types.js';
import { FailError } from '../domain/errors.js';
import { decideConfirm } from '../rules/index.js';
import type { Db } from '../store/connection.js';
import { lockSessions, nowIso, rowsOf, writeAudit, writeTransaction } from '../store/changes.js';
import { confirmSessionRows } from '../store/corrections.js';
import { loadSessions } from '../store/sessions.js';
import { ruleContext } from '../store/settings.js';
import { clockOf, planOutcomes, uniqueIds, type CorrectionOptions } from './corrections.js';

export async function confirmSessions(db: Db, ids: readonly number[], opts: CorrectionOptions): Promise<OutcomeResult[]> {
  const unique = uniqueIds(ids);
  const now = clockOf(opts);
  if (opts.dryRun || db.readOnly) {
    const sessions = await loadSessions(db, unique);
    const ctx = await ruleContext(db, db.knex, now);
    return planOutcomes(unique, sessions, (s) => decideConfirm(s, ctx), 'confirmed', 'would-confirm', true).results;
  }
  return writeTransaction(db, async (trx) => {
    await lockSessions(db, trx, unique);
    // One query at a time: a transaction is one connection.
    const sessions = await loadSessions(db, unique, trx);
    const ctx = await ruleContext(db, trx, now);
    const { results, allowed } = planOutcomes(unique, sessions, (s) => decideConfirm(s, ctx), 'confirmed', 'would-confirm', false);
    if (allowed.length === 0) return results;
    const at = nowIso(() => now);
    const before = new Map((await rowsOf(db, trx, 'sessions', allowed.map((s) => s.id))).map((r) => [Number(r.id), r]));
    await writeAudit(
      trx,
      opts.actor,
      at,
      allowed.map((s) => ({
        action: 'session.confirm',
        sessionId: s.id,
        detail: {
          reason: opts.reason ?? null,
          session: s,
          before: before.get(s.id) ?? null,
          after: { status: 'confirmed', confirmed_at: at },
        },
      })),
    );
    const changed = await confirmSessionRows(db, trx, allowed.map((s) => s.id), at);
    if (changed !== allowed.length) {
      throw new FailError(`Expected to confirm ${allowed.length} session(s) but changed ${changed}; nothing was changed.`);
    }
    return results;
  });
}
