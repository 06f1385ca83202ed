import type { CommandRun } from '../define.js';
import { cancelSessions, resolveCancellationClass } from '../../actions/sessions.js';
import { parseIds } from '../parse.js';
import { opt, readOptions } from '../options.js';
import { carryOut } from '../change-flow.js';
import { plural } from '../../domain/words.js';


// --class is required: absent, it reads as empty, and the message says so.
const OPTIONS = { class: opt.text({ max: 100, default: '' }), reason: opt.text({ max: 500 }), dryRun: opt.flag() };

export const run: CommandRun = async (ctx, args, opts) => {
  const ids = parseIds(args);
  const { class: className, reason = null, dryRun } = readOptions(opts, OPTIONS, ctx);
  const db = await ctx.openDb();
  const sessionClass = await resolveCancellationClass(db, className);
  return carryOut(ctx, db, {
    doing: `Cancelling ${plural(ids.length, 'session')}`,
    question: (n) => `Apply Cancellation ("${sessionClass.name}") to ${plural(n, 'session')}?`,
    dryRun,
    act: (dry) =>
      cancelSessions(db, ids, sessionClass, { actor: ctx.actor, reason, dryRun: dry, clock: () => ctx.now() }),
  });
};
