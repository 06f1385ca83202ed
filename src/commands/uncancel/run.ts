import type { CommandRun } from '../define.js';
import type { SessionClass } from '../../domain/types.js';
import { UsageError } from '../../domain/errors.js';
import { resolveRevertClass, revertClasses, sessionsNeedingClass, uncancelSessions } from '../../actions/uncancel.js';
import { LEAVE } from '../../ui/prompter.js';
import { parseIds } from '../parse.js';
import { carryOut } from '../change-flow.js';
import { opt, readOptions } from '../options.js';
import { plural } from '../../domain/words.js';

const OPTIONS = { class: opt.text({ max: 100 }), reason: opt.text({ max: 500 }), dryRun: opt.flag() };
const counted = (n: number) => plural(n, 'session');

export const run: CommandRun = async (ctx, args, opts) => {
  const ids = parseIds(args);
  const { class: className, reason = null, dryRun } = readOptions(opts, OPTIONS, ctx);
  const db = await ctx.openDb();
  let sessionClass: SessionClass | null = className === undefined ? null : await resolveRevertClass(db, className);
  if (!sessionClass && ctx.interactive) {
    // Asked only where no audit row says which class the session had; the action refuses otherwise.
    const need = await sessionsNeedingClass(db, ids);
    if (need.length > 0) {
      const classes = await revertClasses(db);
      if (classes.length === 0) throw new UsageError('No active class that is not a cancellation class exists.', 'Add one with `sessionctl classes add NAME`.');
      const picked = await ctx.prompt.choose(
        `No record says which class ${counted(need.length)} (${need.join(', ')}) had before the cancellation. Which class now?`,
        classes.map((c) => ({ value: c, name: c.name })),
      );
      if (picked === LEAVE) {
        ctx.out.info('Nothing was changed.');
        return 1;
      }
      sessionClass = picked;
    }
  }
  return carryOut(ctx, db, {
    doing: `Reverting the cancellation of ${counted(ids.length)}`,
    question: (n) => `Revert the cancellation of ${counted(n)}?`,
    dryRun,
    act: (dry) => uncancelSessions(db, ids, { actor: ctx.actor, reason, dryRun: dry, clock: () => ctx.now(), sessionClass }),
  });
};
