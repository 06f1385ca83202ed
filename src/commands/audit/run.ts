import type { CommandRun } from '../define.js';
import { FailError } from '../../domain/errors.js';
import { addDays, checkRange, dayStartInstant, parseId } from '../parse.js';
import { opt, readOptions } from '../options.js';
import { getAudit, listAudit, type AuditFilter } from '../../store/audit.js';
import { auditJson, auditTable, printAuditEntry } from '../../ui/audit.js';

const DEFAULT_LIMIT = 50;

const LIST_OPTIONS = {
  from: opt.date(),
  to: opt.date(),
  session: opt.id({ what: 'session id' }),
  actor: opt.text(),
  action: opt.auditAction(),
  limit: opt.count({ max: 100_000, default: String(DEFAULT_LIMIT) }),
};

export const listRun: CommandRun = async (ctx, _args, opts) => {
  const { from, to, session, actor, action, limit } = readOptions(opts, LIST_OPTIONS, ctx);
  checkRange(from, to);
  const filter: AuditFilter = {
    sessionId: session,
    actor,
    action,
    // Days are the administrator's local days; the log records UTC instants.
    fromAt: from === undefined ? undefined : dayStartInstant(from),
    beforeAt: to === undefined ? undefined : dayStartInstant(addDays(to, 1)),
    limit,
  };
  const db = await ctx.openDb();
  const { entries, total } = await listAudit(db, filter);
  if (ctx.json) {
    ctx.out.json({ entries: entries.map(auditJson), total, shown: entries.length });
    return 0;
  }
  if (entries.length === 0) {
    ctx.out.print('No audit entries match.');
    return 0;
  }
  ctx.out.print(auditTable(entries, ctx.out));
  if (total > entries.length) {
    ctx.out.info(`Showing the newest ${entries.length} of ${total} entries; narrow the filters or raise --limit.`);
  }
  ctx.out.info('See one entry whole, with its snapshot: sessionctl audit show <id>');
  return 0;
};

export const showRun: CommandRun = async (ctx, args) => {
  const id = parseId(args[0] ?? '', 'audit entry id');
  const db = await ctx.openDb();
  const entry = await getAudit(db, id);
  if (!entry) throw new FailError(`No audit entry ${id} exists.`, 'List the entries with `sessionctl audit`.');
  if (ctx.json) ctx.out.json({ entry: auditJson(entry) });
  else printAuditEntry(ctx.out, entry);
  return 0;
};
