import type { CommandRun } from '../define.js';
import type { Context } from '../context.js';
import { parseText } from '../parse.js';
import { opt, readOptions } from '../options.js';
import { shellWord } from '../../ui/shell.js';
import { plural } from '../../domain/words.js';
import { addClass, setClassActivity, type ClassChange } from '../../actions/classes.js';
import { requireWritable } from '../../actions/guard.js';
import { listClassUsage } from '../../store/class-rows.js';
import { classJson, classesTable } from '../../ui/classes.js';

const NO_CANCELLATION =
  'No active cancellation class remains, so no session can be cancelled. Add one with `sessionctl classes add "Cancelled" --cancellation`.';

function changeJson(ch: ClassChange) {
  return {
    class: classJson({ ...ch.sessionClass, sessions: ch.sessions }),
    changed: ch.changed,
    cancellationAvailable: ch.cancellationAvailable,
    auditId: ch.auditId,
  };
}

export const listRun: CommandRun = async (ctx) => {
  const db = await ctx.openDb();
  const classes = await listClassUsage(db.knex);
  const available = classes.some((c) => c.active && c.isCancellation);
  if (ctx.json) {
    ctx.out.json({ classes: classes.map(classJson), cancellationAvailable: available });
    return 0;
  }
  if (classes.length === 0) ctx.out.print('No session classes yet.');
  else ctx.out.print(classesTable(classes, ctx.out));
  if (!available) ctx.out.warn(NO_CANCELLATION);
  return 0;
};

function className(args: string[]): string {
  return parseText(args[0] ?? '', 'The class name', 100);
}

const ADD_OPTIONS = { cancellation: opt.flag() };

export const addRun: CommandRun = async (ctx, args, opts) => {
  const name = className(args);
  requireWritable(ctx, 'Adding a session class');
  const db = await ctx.openDb();
  const change = await addClass(db, name, readOptions(opts, ADD_OPTIONS, ctx).cancellation, { actor: ctx.actor, clock: ctx.now });
  if (ctx.json) {
    ctx.out.json(changeJson(change));
    return 0;
  }
  const k = change.sessionClass;
  ctx.out.success(`Added session class "${k.name}" (id ${k.id})${k.isCancellation ? ', a cancellation class' : ''}.`);
  if (k.isCancellation) ctx.out.info(`Cancel a session with it: sessionctl cancel <id> --class ${shellWord(k.name)}`);
  return 0;
};


async function activity(ctx: Context, args: string[], active: boolean): Promise<number> {
  const name = className(args);
  requireWritable(ctx, active ? 'Reactivating a session class' : 'Deactivating a session class');
  const db = await ctx.openDb();
  const change = await setClassActivity(db, name, active, { actor: ctx.actor, clock: ctx.now });
  if (ctx.json) {
    ctx.out.json(changeJson(change));
    return 0;
  }
  const k = change.sessionClass;
  const used = plural(change.sessions, 'session');
  if (!change.changed) {
    ctx.out.info(`The session class "${k.name}" is already ${active ? 'active' : 'inactive'}; nothing changed.`);
  } else if (active) {
    ctx.out.success(`Reactivated session class "${k.name}".`);
  } else {
    ctx.out.success(`Deactivated session class "${k.name}"; the ${used} that carry it keep it (classes are never deleted).`);
  }
  if (!change.cancellationAvailable) ctx.out.warn(NO_CANCELLATION);
  return 0;
}

export const deactivateRun: CommandRun = (ctx, args) => activity(ctx, args, false);
export const reactivateRun: CommandRun = (ctx, args) => activity(ctx, args, true);
