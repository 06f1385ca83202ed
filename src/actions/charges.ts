// Removing charges: the remedy for a billed session, whose charges may go though the session may not.
// One transaction locks the sessions involved, reads the charges again, snapshots each into its own
// charge.remove audit row and removes it. When the session was billed, the result says that the payer
// must be sent a corrected claim, naming the claims.
import type { OutcomeResult, Session, Warning } from '../domain/types.js';
import { FailError } from '../domain/errors.js';
import { decideChargeRemoval } from '../rules/index.js';
import type { Db } from '../store/connection.js';
import { lockSessions, nowIso, writeAudit, writeTransaction } from '../store/changes.js';
import { chargesByIds, claimsOf, deleteCharges, type ClaimRow } from '../store/corrections.js';
import { loadSessions } from '../store/sessions.js';
import { ruleContext } from '../store/settings.js';
import { clockOf, uniqueIds, type CorrectionOptions } from './corrections.js';

function correctedClaim(sessionId: number, claims: readonly ClaimRow[]): Warning[] {
  if (claims.length === 0) return [];
  const list = claims.map((c) => `claim ${c.id} to ${c.payer} (billed ${c.billedAt}, ${c.status})`).join(', ');
  return [
    {
      code: 'CORRECTED_CLAIM_NEEDED',
      message: `Session ${sessionId} has been billed: ${list}. Send the payer a corrected claim without this charge.`,
    },
  ];
}

export async function removeCharges(db: Db, ids: readonly number[], opts: CorrectionOptions): Promise<OutcomeResult[]> {
  const unique = uniqueIds(ids);
  const now = clockOf(opts);
  const outcomes = (
    found: Map<number, { sessionId: number }>,
    sessions: Map<number, Session>,
    claims: Map<number, ClaimRow[]>,
    allowed: boolean,
    reasons: OutcomeResult['reasons'],
    done: 'removed' | 'would-remove',
  ): OutcomeResult[] =>
    unique.map((id): OutcomeResult => {
      const f = found.get(id);
      if (!f) return { id, outcome: 'not-found', reasons: [], subject: `charge ${id}` };
      const session = sessions.get(f.sessionId);
      return {
        id,
        outcome: allowed ? done : 'blocked',
        reasons,
        subject: `charge ${id}`,
        ...(session ? { session } : {}),
        ...(allowed ? { warnings: correctedClaim(f.sessionId, claims.get(f.sessionId) ?? []) } : {}),
      };
    });

  if (opts.dryRun || db.readOnly) {
    const found = await chargesByIds(db, db.knex, unique);
    const sessionIds = uniqueIds(found.map((f) => f.charge.sessionId));
    const sessions = await loadSessions(db, sessionIds);
    const claims = await claimsOf(db, db.knex, sessionIds);
    const v = decideChargeRemoval(await ruleContext(db, db.knex, now));
    return outcomes(new Map(found.map((f) => [f.charge.id, f.charge])), sessions, claims, v.allowed, v.reasons, 'would-remove');
  }
  return writeTransaction(db, async (trx) => {
    const seen = await chargesByIds(db, trx, unique);
    await lockSessions(db, trx, uniqueIds(seen.map((f) => f.charge.sessionId)).sort((a, b) => a - b));
    // Read again under the lock: another administrator may have removed some meanwhile.
    const found = await chargesByIds(db, trx, unique);
    const sessionIds = uniqueIds(found.map((f) => f.charge.sessionId));
    const sessions = await loadSessions(db, sessionIds, trx);
    const claims = await claimsOf(db, trx, sessionIds);
    const at = nowIso(() => now);
    await writeAudit(
      trx,
      opts.actor,
      at,
      found.map((f) => ({
        action: 'charge.remove',
        sessionId: f.charge.sessionId,
        detail: {
          reason: opts.reason ?? null,
          session: sessions.get(f.charge.sessionId) ?? null,
          claims: claims.get(f.charge.sessionId) ?? [],
          removed: { charges: [f.raw] },
        },
      })),
    );
    const removed = await deleteCharges(db, trx, found.map((f) => f.charge.id));
    if (removed !== found.length) {
      throw new FailError(`Expected to remove ${found.length} charge(s) but removed ${removed}; nothing was changed.`);
    }
    return outcomes(new Map(found.map((f) => [f.charge.id, f.charge])), sessions, claims, true, [], 'removed');
  });
}
