import type { CommandRun } from '../define.js';
import { FailError } from '../../domain/errors.js';
import { addDays, checkRange, dayStartInstant, parseHead, parseId, resolveDay } from '../parse.js';
import { dayIn } from '../../domain/days.js';
import { practiceZone } from '../../store/settings.js';
import { opt, readOptions } from '../options.js';
import { auditFeed, auditHead, getAudit, listAudit, patientIdsMatching, type AuditFilter } from '../../store/audit.js';
import { auditJson, auditTable, printAuditEntry, printHead, printVerification } from '../../ui/audit.js';
import { UsageError } from '../../domain/errors.js';

const DEFAULT_LIMIT = 50;
const FEED_LIMIT = 1000;
/** More patients than this matching --patient is no longer a filter worth running. */
const PATIENT_CAP = 1000;

function parseAfter(value: string): number {
  const v = value.trim();
  if (!/^\d{1,10}$/.test(v) || Number(v) > 2147483647) {
    throw new UsageError(`--after must be an audit entry id, or 0 for the start (got "${v.slice(0, 40)}").`);
  }
  return Number(v);
}

const LIST_OPTIONS = {
  from: opt.date(),
  to: opt.date(),
  session: opt.id({ what: 'session id' }),
  actor: opt.text(),
  action: opt.auditAction(),
  // The default depends on --after (a page of the feed or the newest entries), so it is set below.
  limit: opt.count({ max: 100_000 }),
  after: opt.parsed(parseAfter),
  patient: opt.text(),
};

export const listRun: CommandRun = async (ctx, _args, opts) => {
  const { from: fromDay, to: toDay, session, actor, action, limit, after, patient } = readOptions(opts, LIST_OPTIONS, ctx);
  const filter: AuditFilter = {
    sessionId: session,
    actor,
    action,
    afterId: after,
    limit: limit ?? (after === undefined ? DEFAULT_LIMIT : FEED_LIMIT),
  };
  const db = await ctx.openDb();
  // Days are the practice's days (setting time_zone); the log records UTC instants.
  const zone = await practiceZone(db.knex);
  const today = dayIn(zone, ctx.now());
  const from = fromDay === undefined ? undefined : resolveDay(fromDay, today);
  const to = toDay === undefined ? undefined : resolveDay(toDay, today);
  checkRange(from, to);
  if (from !== undefined) filter.fromAt = dayStartInstant(from, zone);
  if (to !== undefined) filter.beforeAt = dayStartInstant(addDays(to, 1), zone);
  if (patient !== undefined) {
    filter.patientIds = await patientIdsMatching(db, patient, PATIENT_CAP);
    if (filter.patientIds.length > PATIENT_CAP) {
      throw new UsageError(`More than ${PATIENT_CAP} patients match --patient "${patient}".`, 'Give more of the name, or the chart number.');
    }
  }
  if (filter.afterId !== undefined) {
    const feed = await auditFeed(db, { ...filter, afterId: filter.afterId, limit: filter.limit as number });
    if (ctx.json) {
      ctx.out.json({ entries: feed.entries.map(auditJson), next: feed.next, more: feed.more });
      return 0;
    }
    if (feed.entries.length === 0) ctx.out.print(`No audit entries after ${filter.afterId} match.`);
    else ctx.out.print(auditTable(feed.entries, ctx.out, zone));
    if (feed.more) ctx.out.info(`More entries follow: sessionctl audit --after ${feed.next}`);
    return 0;
  }
  const { entries, total } = await listAudit(db, filter);
  if (ctx.json) {
    ctx.out.json({ entries: entries.map(auditJson), total, shown: entries.length });
    return 0;
  }
  if (entries.length === 0) {
    ctx.out.print('No audit entries match.');
    return 0;
  }
  ctx.out.print(auditTable(entries, ctx.out, zone));
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
  else printAuditEntry(ctx.out, entry, await practiceZone(db.knex));
  return 0;
};

export const headRun: CommandRun = async (ctx) => {
  const db = await ctx.openDb();
  const head = await auditHead(db);
  if (ctx.json) {
    ctx.out.json(head ?? { id: null, hash: null, at: null });
    return 0;
  }
  printHead(ctx.out, head);
  return 0;
};

export const verifyRun: CommandRun = async (ctx, _args, opts) => {
  const { head } = readOptions(opts, { head: opt.parsed(parseHead) }, ctx);
  const db = await ctx.openDb();
  const { verifyAudit } = await import('../../store/audit-verify.js');
  const report = await verifyAudit(db, head);
  if (ctx.json) {
    ctx.out.json({ ok: report.ok, entries: report.entries, head: report.head, problems: report.problems, problemCount: report.problemCount });
  } else {
    printVerification(ctx.out, report, head);
  }
  return report.ok ? 0 : 1;
};
