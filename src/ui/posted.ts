// Payments and adjustments of a session, and what their removal did, for people and for --json.
import type { ActionVerdict, Session, Verdict } from '../domain/types.js';
import type { PostedRow } from '../store/money.js';
import { POSTED_PLURAL as PLURAL, type PostedKind } from '../domain/posted.js';
import type { RemovalReport } from '../actions/posted.js';
import { reasonJson, sessionJson } from './json.js';
import { formatCents } from './money.js';
import { plural } from '../domain/words.js';
import { grid } from './grid.js';
import type { Output } from './output.js';

const LABEL_KEY: Record<PostedKind, 'method' | 'reason'> = { payment: 'method', adjustment: 'reason' };

const count = (n: number, kind: PostedKind) => plural(n, kind, PLURAL[kind]);

export function postedJson(kind: PostedKind, r: PostedRow) {
  return { id: r.id, sessionId: r.sessionId, amountCents: r.amountCents, [LABEL_KEY[kind]]: r.label, postedAt: r.postedAt };
}

export function removeCommand(kind: PostedKind, rows: readonly PostedRow[]): string | null {
  return rows.length === 0 ? null : `sessionctl ${PLURAL[kind]} remove ${rows.map((r) => r.id).join(' ')}`;
}

export interface PostedListing {
  kind: PostedKind;
  session: Session;
  verdict: Verdict;
  rows: PostedRow[];
  /** Permanently Delete as it would stand with these rows gone (and the database writable). */
  afterRemoval: ActionVerdict;
}

export function postedListingJson(l: PostedListing) {
  return {
    session: sessionJson(l.session, l.verdict),
    [PLURAL[l.kind]]: l.rows.map((r) => postedJson(l.kind, r)),
    totalCents: l.rows.reduce((sum, r) => sum + r.amountCents, 0),
    deletableAfterRemoval: l.afterRemoval.allowed,
    command: removeCommand(l.kind, l.rows),
  };
}

function sessionLine(s: Session): string {
  return `Session ${s.id}  ${s.date} ${s.start}  ${s.patient.name} with ${s.provider.name}  ${s.status}`;
}

/** The rows, then whether removing them makes the session deletable, ending with the command that removes them. */
export function printPostedListing(out: Output, l: PostedListing): void {
  const c = out.color;
  out.print(c.bold(sessionLine(l.session)));
  if (l.rows.length === 0) {
    out.print(`No ${PLURAL[l.kind]} are posted to session ${l.session.id}.`);
    return;
  }
  const head = ['ID', 'Amount', l.kind === 'payment' ? 'Method' : 'Reason', 'Posted'];
  out.print(grid(head, l.rows.map((r) => [String(r.id), formatCents(r.amountCents), r.label, r.postedAt]), c));
  const total = l.rows.reduce((sum, r) => sum + r.amountCents, 0);
  out.print(`${count(l.rows.length, l.kind)}, total ${formatCents(total)}.`);
  const them = l.rows.length === 1 ? 'it' : 'them';
  if (l.afterRemoval.allowed) {
    out.print(`Once ${them === 'it' ? 'it is' : 'they are'} removed, session ${l.session.id} can be permanently deleted.`);
  } else {
    out.print(`Removing ${them} will not make session ${l.session.id} deletable on its own; it is also blocked by:`);
    for (const r of l.afterRemoval.reasons) out.print(`  ${r.code}: ${r.message}${r.command ? ` (${r.command})` : ''}`);
  }
  out.print(`To remove ${them}: ${removeCommand(l.kind, l.rows)}`);
}

/** What is about to be removed, for the confirmation. */
export function printRemovalPlan(out: Output, kind: PostedKind, rows: readonly PostedRow[]): void {
  out.info(`About to remove ${count(rows.length, kind)}:`);
  for (const r of rows) {
    out.info(`  ${kind} ${r.id}: ${formatCents(r.amountCents)} ${r.label}, posted ${r.postedAt}, session ${r.sessionId}`);
  }
}

export function removalJson(report: RemovalReport, dryRun = false) {
  return {
    dryRun,
    results: report.results.map((r) => ({
      id: r.id,
      outcome: dryRun && r.outcome === 'removed' ? 'would-remove' : r.outcome,
      ...(r.row ? postedJson(report.kind, r.row) : {}),
    })),
    sessions: report.sessions.map((s) => ({
      id: s.id,
      deletable: s.deletable,
      reasons: s.reasons.map(reasonJson),
      command: s.deletable ? `sessionctl delete ${s.id}` : null,
    })),
  };
}

/** Each row removed (or, in a dry run, that would be), then where each session now stands. */
export function printRemoval(out: Output, report: RemovalReport, dryRun = false): void {
  const c = out.color;
  const kind = report.kind;
  for (const r of report.results) {
    if (r.outcome === 'not-found' || !r.row) {
      out.print(`${c.red('?')} ${kind} ${r.id}: not found (no such ${kind}, or already removed)`);
      continue;
    }
    const p = r.row;
    const mark = dryRun ? c.cyan('•') : c.green('✔');
    out.print(`${mark} ${kind} ${p.id} ${dryRun ? 'would be removed' : 'removed'} from session ${p.sessionId}: ${formatCents(p.amountCents)} ${p.label}, posted ${p.postedAt}`);
  }
  for (const s of report.sessions) {
    if (s.deletable) {
      out.print(`Session ${s.id} ${dryRun ? 'would then be deletable' : 'can now be permanently deleted'}: sessionctl delete ${s.id}`);
      continue;
    }
    out.print(`Session ${s.id} ${dryRun ? 'would still not be deletable' : 'still cannot be deleted'}:`);
    for (const r of s.reasons) {
      out.print(`    ${r.code}: ${r.message}`);
      const next = [r.remedy, r.command ? `Run: ${r.command}` : null].filter(Boolean).join(' ');
      if (next) out.print(`    ${c.dim('→')} ${next}`);
    }
  }
}
