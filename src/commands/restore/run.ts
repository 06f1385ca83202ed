import type { CommandRun } from '../define.js';
import { restoreSessions } from '../../actions/restore.js';
import { parseIds } from '../parse.js';
import { carryOut } from '../change-flow.js';
import { opt, readOptions } from '../options.js';
import { plural } from '../../domain/words.js';

const OPTIONS = { reason: opt.text({ max: 500 }), dryRun: opt.flag() };
const counted = (n: number) => plural(n, 'session');

export const run: CommandRun = async (ctx, args, opts) => {
  const ids = parseIds(args);
  const { reason = null, dryRun } = readOptions(opts, OPTIONS, ctx);
  const db = await ctx.openDb();
  return carryOut(ctx, db, {
    doing: `Restoring ${counted(ids.length)}`,
    question: (n) => `Restore ${counted(n)} with their charges and notes?`,
    dryRun,
    act: (dry) => restoreSessions(db, ids, { actor: ctx.actor, reason, dryRun: dry, clock: () => ctx.now() }),
  });
};
