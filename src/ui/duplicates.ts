// `duplicates`: groups as short lines (printed as the scan finds them), a summary on stderr, and the
// JSON document. The JSON is written only once everything has succeeded, so that stdout holds one
// whole document or nothing; until then groups and outcomes are kept in compact integer columns,
// a few bytes per session, because a scan may find hundreds of thousands of groups.
import { plural } from '../domain/words.js';
import { attachedWords } from './facts.js';
import type { DeleteReasonCode, Outcome, OutcomeResult, Reason, SessionFacts, SessionStatus } from '../domain/types.js';
import type { PlannedGroup, ScanSummary } from '../actions/duplicates.js';
import type { KeepReason } from '../rules/index.js';
import { reasonJson } from './json.js';
import type { Output } from './output.js';

/** A growable column of 32-bit integers. */
class IntColumn {
  private data = new Int32Array(1024);
  length = 0;

  push(n: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = n;
  }

  at(i: number): number {
    return this.data[i]!;
  }
}

const WHY: readonly KeepReason[] = ['undeletable', 'most-attached', 'first-entered', 'conflict', 'confirmed'];
const STATUSES: readonly SessionStatus[] = ['scheduled', 'confirmed', 'cancelled'];
const OUTCOMES: readonly Outcome[] = ['deleted', 'cancelled', 'would-delete', 'would-cancel', 'blocked', 'not-found'];

// Without a regular expression: called once per group, tens of thousands of times.
const dateInt = (d: string) => Number(d.slice(0, 4)) * 10000 + Number(d.slice(5, 7)) * 100 + Number(d.slice(8, 10));
const intDate = (n: number) => {
  const s = String(n).padStart(8, '0');
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}`;
};
const timeInt = (t: string) => Number(t.slice(0, 2)) * 100 + Number(t.slice(3, 5));
const intTime = (n: number) => {
  const s = String(n).padStart(4, '0');
  return `${s.slice(0, 2)}:${s.slice(2)}`;
};

export interface DuplicatesSummary extends ScanSummary {
  /** --delete was given. */
  delete: boolean;
  dryRun: boolean;
  removed: number;
  wouldRemove: number;
  refused: number;
  notFound: number;
  /** WebPT addenda now owed for the removed sessions. */
  addenda: number;
}

/** Everything the JSON document holds, kept compact until it is written. */
export class DuplicatesReport {
  private readonly members = new IntColumn();
  private readonly statuses = new IntColumn();
  private readonly offsets = new IntColumn();
  private readonly keep = new IntColumn();
  private readonly why = new IntColumn();
  private readonly date = new IntColumn();
  private readonly start = new IntColumn();
  private readonly patient = new IntColumn();
  private readonly provider = new IntColumn();
  /** Only for groups that have undeletable members: few, and small. */
  private readonly undeletable = new Map<number, Array<{ id: number; reasons: DeleteReasonCode[] }>>();

  private readonly resultIds = new IntColumn();
  private readonly resultKeepers = new IntColumn();
  private readonly outcomes = new IntColumn();
  private readonly addenda = new IntColumn();
  /** Only for refused sessions. */
  private readonly reasons = new Map<number, Reason[]>();

  addGroup(g: PlannedGroup): void {
    const index = this.keep.length;
    this.offsets.push(this.members.length);
    for (const m of g.members) {
      this.members.push(m.id);
      this.statuses.push(STATUSES.indexOf(m.status));
    }
    this.keep.push(g.keep);
    this.why.push(WHY.indexOf(g.why));
    this.date.push(dateInt(g.date));
    this.start.push(timeInt(g.start));
    this.patient.push(g.patient.id);
    this.provider.push(g.provider.id);
    if (g.undeletable.length > 0) this.undeletable.set(index, g.undeletable);
  }

  addResults(results: readonly OutcomeResult[], keeperOf: (id: number) => number | undefined): void {
    for (const r of results) {
      const index = this.resultIds.length;
      this.resultIds.push(r.id);
      this.resultKeepers.push(keeperOf(r.id) ?? 0);
      this.outcomes.push(OUTCOMES.indexOf(r.outcome));
      this.addenda.push(r.addendumId ?? 0);
      if (r.reasons.length > 0) this.reasons.set(index, r.reasons);
    }
  }

  /**
   * One group as compact JSON text, written out by hand: the same text as JSON.stringify of
   * {sessionIds, keep, remove, conflict, why, undeletable, date, start, patientId, providerId, members}
   * (every value a number, a fixed word, or a date or time), without an object per group and member.
   */
  private groupJson(i: number): string {
    const end = i + 1 < this.keep.length ? this.offsets.at(i + 1) : this.members.length;
    const keep = this.keep.at(i);
    const why = WHY[this.why.at(i)]!;
    const conflict = why === 'conflict';
    let ids = '';
    let remove = '';
    let members = '';
    for (let j = this.offsets.at(i); j < end; j++) {
      const id = this.members.at(j);
      const sep = j === this.offsets.at(i) ? '' : ',';
      ids += `${sep}${id}`;
      if (!conflict && id !== keep) remove += `${remove === '' ? '' : ','}${id}`;
      members += `${sep}{"id":${id},"status":"${STATUSES[this.statuses.at(j)]!}"}`;
    }
    const undeletable = JSON.stringify(this.undeletable.get(i) ?? []);
    return (
      `{"sessionIds":[${ids}],"keep":${keep},"remove":[${remove}],"conflict":${conflict},"why":"${why}",` +
      `"undeletable":${undeletable},"date":"${intDate(this.date.at(i))}","start":"${intTime(this.start.at(i))}",` +
      `"patientId":${this.patient.at(i)},"providerId":${this.provider.at(i)},"members":[${members}]}`
    );
  }

  private resultJson(i: number) {
    const addendumId = this.addenda.at(i);
    const keeper = this.resultKeepers.at(i);
    return {
      id: this.resultIds.at(i),
      outcome: OUTCOMES[this.outcomes.at(i)]!,
      reasons: (this.reasons.get(i) ?? []).map(reasonJson),
      ...(addendumId ? { addendumId } : {}),
      ...(keeper ? { duplicateOf: keeper } : {}),
    };
  }

  /** The whole document, in chunks, waiting for stdout to drain when it is a slow pipe. */
  async write(stream: NodeJS.WritableStream, summary: DuplicatesSummary): Promise<void> {
    let buffer = '';
    const flush = async () => {
      if (buffer === '') return;
      const ok = stream.write(buffer);
      buffer = '';
      if (!ok) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    };
    const emit = async (text: string) => {
      buffer += text;
      if (buffer.length >= 65536) await flush();
    };
    const list = async (key: string, n: number, item: (i: number) => string, last: boolean) => {
      await emit(`  "${key}": [`);
      for (let i = 0; i < n; i++) await emit(`${i === 0 ? '' : ','}\n    ${item(i)}`);
      await emit(`${n > 0 ? '\n  ' : ''}]${last ? '' : ','}\n`);
    };
    await emit('{\n');
    await list('groups', this.keep.length, (i) => this.groupJson(i), false);
    if (summary.delete) await list('results', this.resultIds.length, (i) => JSON.stringify(this.resultJson(i)), false);
    await emit(`  "summary": ${JSON.stringify(summary)}\n}\n`);
    await flush();
  }
}

function attachedText(f: SessionFacts): string {
  const words = attachedWords(f);
  return words.length > 0 ? words.join(', ') : 'nothing attached';
}

const WHY_WORDS: Record<KeepReason, string> = {
  undeletable: "kept: the rules don't allow deleting it",
  confirmed: 'kept: confirmed',
  'most-attached': 'kept: most attached rows',
  'first-entered': 'kept: entered first',
  conflict: 'suggested keeper',
};

/** One group, as the scan finds it: a heading, then a line per session. */
export function printGroup(out: Output, g: PlannedGroup): void {
  const c = out.color;
  const heading = `${g.date} ${g.start}  ${g.patient.name} with ${g.provider.name}  (${g.members.length} sessions)`;
  out.print(g.conflict ? `${heading}  ${c.yellow('CONFLICT: nothing removed')}` : heading);
  const blocked = new Map(g.undeletable.map((u) => [u.id, u.reasons]));
  for (const m of g.members) {
    const codes = blocked.get(m.id);
    const role = g.conflict ? (codes ? 'blocked' : 'left') : m.id === g.keep ? 'keep' : 'remove';
    const roleText = role === 'remove' ? c.red(role.padEnd(7)) : role === 'keep' ? c.green(role.padEnd(7)) : role.padEnd(7);
    const notes = [m.id === g.keep ? WHY_WORDS[g.why] : null, codes ? codes.join(', ') : null].filter(Boolean).join('; ');
    out.print(
      `  ${roleText} ${String(m.id).padStart(8)}  ${m.status.padEnd(9)}  entered ${m.createdAt}  ${attachedText(m.facts)}${notes ? `  (${notes})` : ''}`,
    );
  }
  if (g.conflict) {
    const ids = g.undeletable.map((u) => u.id);
    out.print(
      `  ${c.dim('→')} Resolve by hand: \`sessionctl explain ${ids.join('` and `sessionctl explain ')}\`, ` +
        'then cancel the extra session(s) with `sessionctl cancel <id> --class <class>`.',
    );
  }
}


/** What was found, and what happened, on stderr. `rerun` is the command line that would remove them. */
export function printSummary(out: Output, s: DuplicatesSummary, rerun: string): void {
  if (s.groups === 0) {
    out.success('No duplicate sessions found.');
    return;
  }
  out.info(
    `Found ${plural(s.groups, 'group')} of duplicate sessions (${plural(s.sessions, 'session')}); ` +
      `${plural(s.proposed, 'session')} proposed for removal.`,
  );
  if (s.conflicts > 0) {
    out.warn(
      `${plural(s.conflicts, 'group is a conflict', 'groups are conflicts')}: two or more of the sessions can't be deleted, ` +
        'so nothing in them was removed. Resolve each by hand (see the lines marked CONFLICT).',
    );
  }
  if (!s.delete) {
    if (s.proposed > 0) out.info(`To remove them, run: ${rerun} --delete --dry-run   (then without --dry-run)`);
    return;
  }
  if (s.dryRun) {
    out.info(`Would remove ${plural(s.wouldRemove, 'session')}; nothing was changed.`);
  } else if (s.removed > 0) {
    out.success(`Removed ${plural(s.removed, 'duplicate session')}, each audited as "duplicate of session N".`);
  }
  if (s.refused > 0) {
    out.warn(
      `${plural(s.refused, 'session was', 'sessions were')} refused by a rule when it came to deleting (listed above) and kept. ` +
        'Run `sessionctl explain <id>` for each.',
    );
  }
  if (s.notFound > 0) out.warn(`${plural(s.notFound, 'session')} no longer existed (removed by someone else meanwhile).`);
  if (s.addenda > 0) {
    out.warn(`A WebPT addendum is now owed for each of the ${plural(s.addenda, 'deleted session')}: complete them in WebPT.`);
  }
}
