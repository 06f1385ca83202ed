import type { CommandRun } from '../define.js';
import { deleteSessions } from '../../actions/sessions.js';
import { parseIds } from '../parse.js';
import { opt, readOptions } from '../options.js';
import { carryOut } from '../change-flow.js';
import { plural } from '../../domain/words.js';


const OPTIONS = { reason: opt.text({ max: 500 }), dryRun: opt.flag() };

export const run: CommandRun = async (ctx, args, opts) => {
  const ids = parseIds(args);
  const { reason = null, dryRun } = readOptions(opts, OPTIONS, ctx);
  const db = await ctx.openDb();
  return carryOut(ctx, db, {
    doing: `Permanently deleting ${plural(ids.length, 'session')}`,
    question: (n) => `Permanently delete ${plural(n, 'session')}? This can't be undone.`,
    dryRun,
    act: (dry) => deleteSessions(db, ids, { actor: ctx.actor, reason, dryRun: dry, clock: () => ctx.now() }),
  });
};
