import type { CommandRun } from '../define.js';
import { parseIds } from '../parse.js';
import { opt, readOptions } from '../options.js';
import { completeAddenda } from '../../actions/addenda.js';
import { requireWritable } from '../../actions/guard.js';
import { confirmed, mustConfirm } from '../change-flow.js';
import { EXIT_NOT_DONE } from '../../domain/exit-codes.js';
import { listAddenda } from '../../store/addenda.js';
import { integrationMode } from '../../store/settings.js';
import { addendaTable, addendumJson, completionJson, printCompletions } from '../../ui/addenda.js';

const DEFAULT_LIMIT = 200;

const LIST_OPTIONS = { pending: opt.flag(), limit: opt.count({ max: 100_000, default: String(DEFAULT_LIMIT) }) };

export const listRun: CommandRun = async (ctx, _args, opts) => {
  const { pending, limit } = readOptions(opts, LIST_OPTIONS, ctx);
  const db = await ctx.openDb();
  const [{ addenda, total }, mode] = await Promise.all([listAddenda(db, { pending, limit }), integrationMode(db.knex)]);
  if (ctx.json) {
    ctx.out.json({ addenda: addenda.map(addendumJson), total, shown: addenda.length, integrationMode: mode });
    return 0;
  }
  if (addenda.length === 0) {
    ctx.out.print(pending ? 'No addenda are pending.' : 'No addenda have been recorded.');
    if (mode === 'standalone') ctx.out.info('This practice is in standalone mode: deleting a session records no addendum.');
    return 0;
  }
  ctx.out.print(addendaTable(addenda, ctx.out));
  if (total > addenda.length) ctx.out.info(`Showing the oldest ${addenda.length} of ${total}; raise --limit to see more.`);
  const owed = addenda.filter((a) => a.completedAt === null && a.withdrawnAt === null);
  if (owed.length > 0) {
    ctx.out.info(
      `Write each pending addendum in WebPT for that patient and session date, then run: sessionctl addenda complete ${owed.map((a) => a.id).join(' ')}`,
    );
  }
  return 0;
};

export const completeRun: CommandRun = async (ctx, args) => {
  const ids = parseIds(args, 'addendum id');
  requireWritable(ctx, 'Completing addenda');
  mustConfirm(ctx, 'Completing addenda');
  const which = ids.length === 1 ? `addendum ${ids[0]}` : `addenda ${ids.join(', ')}`;
  if (!(await confirmed(ctx, `Record ${which} as written in WebPT?`))) return EXIT_NOT_DONE;
  const db = await ctx.openDb();
  const results = await completeAddenda(db, ids, { actor: ctx.actor, clock: ctx.now });
  if (ctx.json) ctx.out.json({ results: results.map(completionJson) });
  else printCompletions(ctx.out, results);
  return results.some((r) => r.outcome === 'not-found') ? 1 : 0;
};
