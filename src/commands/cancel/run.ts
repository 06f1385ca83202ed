import type { CommandRun } from '../define.js';
import { cancelSessions, resolveCancellationClass } from '../../actions/sessions.js';
import { parseIds, parseText } from '../parse.js';
import { carryOut } from '../delete/change.js';

const plural = (n: number) => `${n} session${n === 1 ? '' : 's'}`;

export const run: CommandRun = async (ctx, args, opts) => {
  const ids = parseIds(args);
  const className = parseText(String(opts.class ?? ''), '--class', 100);
  const reason = opts.reason === undefined ? null : parseText(String(opts.reason), '--reason', 500);
  const dryRun = Boolean(opts.dryRun);
  const db = await ctx.openDb();
  const sessionClass = await resolveCancellationClass(db, className);
  return carryOut(ctx, db, {
    doing: `Cancelling ${plural(ids.length)}`,
    question: (n) => `Apply Cancellation ("${sessionClass.name}") to ${plural(n)}?`,
    dryRun,
    act: (dry) =>
      cancelSessions(db, ids, sessionClass, { actor: ctx.actor, reason, dryRun: dry, clock: () => ctx.now(), signal: ctx.interruptible() }),
  });
};
