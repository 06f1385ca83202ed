import type { CommandRun } from '../define.js';
import { FailError } from '../../domain/errors.js';
import {
  addDays,
  checkRange,
  dayStartInstant,
  parseAuditAction,
  parseDay,
  parseHead,
  resolveDay,
  parseId,
  parsePositiveInt,
  parseText,
} from '../parse.js';
import { auditFeed, auditHead, getAudit, listAudit, patientIdsMatching, type AuditFilter } from '../../store/audit.js';
import { auditJson, auditTable, printAuditEntry, printHead, printVerification } from '../../ui/audit.js';
import { UsageError } from '../../domain/errors.js';
import { dayIn } from '../../domain/days.js';
import { practiceZone } from '../../store/settings.js';

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

export const listRun: CommandRun = async (ctx, _args, opts) => {
  const str = (v: unknown) => (v === undefined ? undefined : String(v));
  const fromDay = str(opts.from) === undefined ? undefined : parseDay(String(opts.from), '--from');
  const toDay = str(opts.to) === undefined ? undefined : parseDay(String(opts.to), '--to');
  const filter: AuditFilter = {
    sessionId: opts.session === undefined ? undefined : parseId(String(opts.session), 'session id'),
    actor: opts.actor === undefined ? undefined : parseText(String(opts.actor), '--actor'),
    action: opts.action === undefined ? undefined : parseAuditAction(String(opts.action)),
    afterId: opts.after === undefined ? undefined : parseAfter(String(opts.after)),
    limit:
      opts.limit !== undefined
        ? parsePositiveInt(String(opts.limit), '--limit', 100_000)
        : opts.after === undefined
          ? DEFAULT_LIMIT
          : FEED_LIMIT,
  };
  const patient = opts.patient === undefined ? undefined : parseText(String(opts.patient), '--patient');
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
  const head = opts.head === undefined ? undefined : parseHead(String(opts.head));
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
