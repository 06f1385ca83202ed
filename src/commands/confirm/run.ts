import type { CommandRun } from '../define.js';
import { confirmSessions } from '../../actions/confirm.js';
import { parseIds, parseText } from '../parse.js';
import { carryOut } from '../delete/change.js';

const plural = (n: number) => `${n} session${n === 1 ? '' : 's'}`;

export const run: CommandRun = async (ctx, args, opts) => {
  const ids = parseIds(args);
  const reason = opts.reason === undefined ? null : parseText(String(opts.reason), '--reason', 500);
  const db = await ctx.openDb();
  return carryOut(ctx, db, {
    doing: `Confirming ${plural(ids.length)}`,
    question: (n) => `Confirm ${plural(n)} (the visit took place)?`,
    dryRun: Boolean(opts.dryRun),
    act: (dry) => confirmSessions(db, ids, { actor: ctx.actor, reason, dryRun: dry, clock: () => ctx.now() }),
  });
};
