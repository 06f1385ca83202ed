// The audit trail for people: a one-line summary of each entry, the table, and one entry in full.
import { thousands } from '../domain/words.js';
import type { AuditRecord } from '../store/audit.js';
import type { ChainProblemKind, ChainReport } from '../store/audit-chain.js';
import { formatCents } from './money.js';
import { wallTimeIn } from '../domain/days.js';
import { clip, grid } from './grid.js';
import { visible } from './visible.js';
import type { Output } from './output.js';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string => (v === null || v === undefined ? '' : visible(String(v)));

function sessionWords(s: Obj): string {
  const patient = str(obj(s.patient).name);
  const provider = str(obj(s.provider).name);
  const when = [str(s.date), str(s.start)].filter(Boolean).join(' ');
  return [when, patient, provider ? `with ${provider}` : ''].filter(Boolean).join(' ');
}

function reasonWords(d: Obj): string {
  return d.reason ? ` (reason: ${str(d.reason)})` : '';
}

/** What an entry did, in one line; unknown actions fall back to their reason, if any. */
export function auditSummary(e: AuditRecord): string {
  const d = obj(e.detail);
  const removedRow = (table: string) => obj((obj(d.removed)[table] as unknown[] | undefined)?.[0]);
  switch (e.action) {
    case 'session.delete':
      return `deleted ${sessionWords(obj(d.session))}${reasonWords(d)}`;
    case 'session.cancel':
      return `cancelled as ${str(obj(d.sessionClass).name)}: ${sessionWords(obj(d.session))}${reasonWords(d)}`;
    case 'payment.remove': {
      const p = removedRow('payments');
      return `removed payment ${str(p.id)}: ${formatCents(Number(p.amount_cents ?? 0))} ${str(p.method)}${reasonWords(d)}`;
    }
    case 'adjustment.remove': {
      const a = removedRow('adjustments');
      return `removed adjustment ${str(a.id)}: ${formatCents(Number(a.amount_cents ?? 0))} ${str(a.reason)}${reasonWords(d)}`;
    }
    case 'session.confirm':
      return `confirmed ${sessionWords(obj(d.session))}${reasonWords(d)}`;
    case 'session.uncancel': {
      const after = obj(d.after);
      return `cancellation reverted (back to ${str(after.status)}${d.cancellationAuditId == null ? ', class given' : `, as before entry ${str(d.cancellationAuditId)}`}): ${sessionWords(obj(d.session))}${reasonWords(d)}`;
    }
    case 'session.restore': {
      const restored = obj(d.restored);
      const count = (k: string) => (Array.isArray(restored[k]) ? (restored[k] as unknown[]).length : 0);
      return `restored from entry ${str(d.deletionAuditId)} with ${count('charges')} charge(s), ${count('notes')} note(s): ${sessionWords(obj(d.session))}${reasonWords(d)}`;
    }
    case 'charge.remove': {
      const c = removedRow('charges');
      const billed = Array.isArray(d.claims) && d.claims.length > 0 ? ' (billed: corrected claim needed)' : '';
      return `removed charge ${str(c.id)}: ${str(c.cpt_code)} × ${str(c.units)}, ${formatCents(Number(c.amount_cents ?? 0))}${billed}${reasonWords(d)}`;
    }
    case 'class.add': {
      const after = obj(d.after);
      return `added class "${str(obj(d.sessionClass).name)}"${after.is_cancellation === true || after.is_cancellation === 1 ? ' (cancellation)' : ''}`;
    }
    case 'class.deactivate':
      return `deactivated class "${str(obj(d.sessionClass).name)}" (used by ${str(d.sessionsUsing ?? 0)} sessions)`;
    case 'class.reactivate':
      return `reactivated class "${str(obj(d.sessionClass).name)}"`;
    case 'addendum.complete': {
      const b = obj(d.before);
      return `completed addendum ${str(d.addendumId)} (session of ${str(b.scheduled_date)})`;
    }
    case 'settings.set':
      return `${str(d.key)}: ${d.before == null ? '(default)' : str(d.before)} → ${str(d.after)}`;
    default:
      return d.reason ? `reason: ${str(d.reason)}` : '';
  }
}

export function auditJson(e: AuditRecord) {
  return {
    id: e.id,
    at: e.at,
    actor: e.actor,
    action: e.action,
    sessionId: e.sessionId,
    summary: auditSummary(e),
    detail: e.detail,
    osUser: e.osUser,
    dbUser: e.dbUser,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/** Who the system says acted (the declared actor is a separate column): "os alice · db clinic_admin". */
function verifiedWho(e: AuditRecord): string {
  const parts = [e.osUser === null ? '' : `os ${e.osUser}`, e.dbUser === null ? '' : `db ${e.dbUser}`].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

/** An instant of the log on the practice's wall clock; text that is not an instant, as stored. */
function localAt(at: string, zone: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : wallTimeIn(zone, d);
}

/** The table, instants on the practice's clocks (`zone`, the time_zone setting); JSON keeps UTC. */
export function auditTable(entries: readonly AuditRecord[], out: Output, zone: string): string {
  const rows = entries.map((e) => [
    String(e.id),
    localAt(e.at, zone),
    clip(visible(e.actor), 24),
    clip(visible(verifiedWho(e)), 30),
    e.action,
    e.sessionId === null ? '—' : String(e.sessionId),
    clip(auditSummary(e), 70),
  ]);
  return grid(['ID', `At (${zone})`, 'Actor', 'System user', 'Action', 'Session', 'Summary'], rows, out.color);
}

/** One entry whole: the snapshot pretty-printed, so a deleted session's data can always be read back. */
export function printAuditEntry(out: Output, e: AuditRecord, zone: string): void {
  const c = out.color;
  out.print(c.bold(`Audit entry ${e.id}`));
  out.print(`  at       ${localAt(e.at, zone)} ${zone} (${visible(e.at)})`);
  out.print(`  actor    ${visible(e.actor)} (as declared)`);
  out.print(`  system   ${visible(verifiedWho(e))} (as the system vouches)`);
  out.print(`  action   ${e.action}`);
  out.print(`  session  ${e.sessionId ?? '—'}`);
  const summary = auditSummary(e);
  if (summary) out.print(`  summary  ${summary}`);
  out.print(`  hash     ${e.hash ?? '— (none)'}`);
  out.print(`  previous ${e.prevHash ?? '— (none)'}`);
  out.print();
  out.print(c.bold('Detail'));
  out.print(typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail, null, 2));
}

export function printHead(out: Output, head: { id: number; hash: string | null; at: string } | null): void {
  if (head === null) {
    out.print('The audit trail is empty: there is no head yet.');
    return;
  }
  out.print(`${head.id}:${head.hash ?? '(no hash)'}`);
  out.info(`The newest entry, ${head.id}, written ${head.at}. Write this line down somewhere else (a ticket, a printed log,`);
  out.info(`another system); later, \`sessionctl audit verify --head ${head.id}:<hash>\` proves the trail up to it was not rewritten.`);
}

const KIND_WORDS: Record<ChainProblemKind, string> = {
  altered: 'altered',
  'broken-link': 'broken link',
  'missing-hash': 'no hash',
  'head-mismatch': 'head mismatch',
};

export function printVerification(out: Output, r: ChainReport, head?: { id: number; hash: string }): void {
  const c = out.color;
  const n = thousands(r.entries);
  if (r.ok) {
    out.print(`${c.green('✔')} The audit trail is intact: ${n} entries, each linked to the one before.`);
    if (r.head) out.print(`  head ${r.head.id}:${r.head.hash}`);
    if (head) out.print(`  the head written down (${head.id}) is still there, unchanged.`);
    else out.print('  Entries removed from the end leave no trace without a head written down: use --head ID:HASH.');
    return;
  }
  out.print(`${c.red('✘')} The audit trail has been tampered with: ${thousands(r.problemCount)} problem(s) in ${n} entries.`);
  for (const p of r.problems) out.print(`  ${c.bold(`entry ${p.id}`)}  ${KIND_WORDS[p.kind]}: ${p.message}`);
  if (r.problemCount > r.problems.length) out.print(`  … and ${thousands(r.problemCount - r.problems.length)} more.`);
}
