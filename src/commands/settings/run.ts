import type { CommandRun } from '../define.js';
import { FailError, UsageError } from '../../domain/errors.js';
import { parseText } from '../parse.js';
import { changeSetting, checkSetting, readSettings } from '../../actions/settings.js';
import { requireWritable } from '../../actions/guard.js';
import { confirmed, mustConfirm } from '../change-flow.js';
import { EXIT_NOT_DONE } from '../../domain/exit-codes.js';

const CONSEQUENCE: Record<string, string> = {
  webpt:
    'Finalized notes no longer block Permanently Delete, and every deleted session now owes an addendum in WebPT (see `sessionctl addenda --pending`).',
  standalone: 'A finalized note now blocks Permanently Delete, and deleting a session no longer records a WebPT addendum.',
};

export const getRun: CommandRun = async (ctx, args) => {
  if (args.length > 1) throw new UsageError('Give one setting name, or none for all of them.');
  const key = args[0] === undefined ? undefined : parseText(args[0], 'The setting name', 100);
  const db = await ctx.openDb();
  const all = await readSettings(db);
  if (key !== undefined) {
    const one = all.find((s) => s.key === key);
    if (!one) {
      throw new FailError(`No setting named "${key}".`, `The settings are: ${all.map((s) => s.key).join(', ')}.`);
    }
    if (ctx.json) ctx.out.json({ key: one.key, value: one.value, default: one.isDefault });
    else ctx.out.print(one.value);
    return 0;
  }
  if (ctx.json) {
    ctx.out.json({ settings: Object.fromEntries(all.map((s) => [s.key, s.value])), defaults: all.filter((s) => s.isDefault).map((s) => s.key) });
    return 0;
  }
  const width = Math.max(...all.map((s) => s.key.length));
  for (const s of all) ctx.out.print(`${s.key.padEnd(width)}  ${s.value}${s.isDefault ? ' (default)' : ''}`);
  return 0;
};

export const setRun: CommandRun = async (ctx, args) => {
  const { key, value } = checkSetting(
    parseText(args[0] ?? '', 'The setting name', 100),
    parseText(args[1] ?? '', 'The value', 100),
  );
  requireWritable(ctx, `Setting ${key}`);
  mustConfirm(ctx, `Setting ${key}`);
  if (!(await confirmed(ctx, `Set ${key} to ${value}?`))) return EXIT_NOT_DONE;
  const db = await ctx.openDb();
  const change = await changeSetting(db, key, value, { actor: ctx.actor, clock: ctx.now });
  if (ctx.json) {
    ctx.out.json(change);
    return 0;
  }
  if (!change.changed) {
    ctx.out.info(`${key} is already ${value}; nothing changed.`);
    return 0;
  }
  ctx.out.success(`${key} is now ${change.after} (was ${change.before}).`);
  const consequence = change.key === 'time_zone'
    ? `"today", "yesterday" and "tomorrow", the calendar's today and the audit trail's days are now days in ${change.after}.`
    : CONSEQUENCE[change.after];
  if (consequence) ctx.out.info(consequence);
  return 0;
};
