import type { CommandRun } from '../define.js';
import { deleteSessions } from '../../actions/sessions.js';
import { parseIds, parseText } from '../parse.js';
import { carryOut } from './change.js';

const plural = (n: number) => `${n} session${n === 1 ? '' : 's'}`;

export const run: CommandRun = async (ctx, args, opts) => {
  const ids = parseIds(args);
  const reason = opts.reason === undefined ? null : parseText(String(opts.reason), '--reason', 500);
  const dryRun = Boolean(opts.dryRun);
  const db = await ctx.openDb();
  return carryOut(ctx, db, {
    doing: `Permanently deleting ${plural(ids.length)}`,
    question: (n) => `Permanently delete ${plural(n)}? This can't be undone.`,
    dryRun,
    act: (dry) => deleteSessions(db, ids, { actor: ctx.actor, reason, dryRun: dry, clock: () => ctx.now(), signal: ctx.interruptible() }),
  });
};
