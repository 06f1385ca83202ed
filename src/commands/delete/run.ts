import type { CommandRun } from '../define.js';
import { deleteSessions } from '../../actions/sessions.js';
import type { OutcomeResult } from '../../domain/types.js';
import type { Db } from '../../store/connection.js';
import { deletionsOf } from '../../store/deletions.js';
import { parseIds } from '../parse.js';
import { opt, readOptions } from '../options.js';
import { carryOut } from '../change-flow.js';
import { plural } from '../../domain/words.js';

const OPTIONS = { reason: opt.text({ max: 500 }), dryRun: opt.flag() };

/** A session not found because it was deleted says by whom and when, and how to restore it. */
async function withDeletions(db: Db, results: OutcomeResult[]): Promise<OutcomeResult[]> {
  const missing = results.filter((r) => r.outcome === 'not-found').map((r) => r.id);
  if (missing.length === 0) return results;
  const deletions = await deletionsOf(db.knex, missing);
  return results.map((r) => {
    const deletion = r.outcome === 'not-found' ? deletions.get(r.id) : undefined;
    return deletion ? { ...r, deletion } : r;
  });
}

export const run: CommandRun = async (ctx, args, opts) => {
  const ids = parseIds(args);
  const { reason = null, dryRun } = readOptions(opts, OPTIONS, ctx);
  const db = await ctx.openDb();
  return carryOut(ctx, db, {
    doing: `Permanently deleting ${plural(ids.length, 'session')}`,
    question: (n) => `Permanently delete ${plural(n, 'session')}? This can't be undone.`,
    dryRun,
    act: async (dry) =>
      withDeletions(db, await deleteSessions(db, ids, { actor: ctx.actor, reason, dryRun: dry, clock: () => ctx.now(), signal: ctx.interruptible() })),
  });
};
