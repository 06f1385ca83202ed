// `explain`: one session, the rows behind its facts, and why each action is or is not offered,
// for support staff. Human text on stdout, or the JSON document of CONTRACT §3 with more keys.
import { formatCents } from './money.js';
import { shellWord } from './shell.js';
import { plural } from '../domain/words.js';
import { attachedWords } from './facts.js';
import { notesGoingWith } from '../rules/index.js';
import type { ActionName, ActionVerdict, IntegrationMode, Session, Verdict } from '../domain/types.js';
import type { FactDetails } from '../store/facts-detail.js';
import { sessionJson, verdictJson } from './json.js';
import type { Output } from './output.js';
import { visible } from './visible.js';

export interface Explanation {
  session: Session;
  verdict: Verdict;
  /** On a read-only database: what a writable one would decide, so that support staff learn the real answer. */
  ifWritable: Verdict | null;
  details: FactDetails;
  integrationMode: IntegrationMode;
  readOnly: boolean;
  /** Names of the active cancellation classes, for the cancel command. */
  cancellationClasses: string[];
  /** Other sessions, not cancelled, in the same slot: this one may have been entered twice (CONTRACT §4.3). */
  twins: Session[];
}


/**
 * The command that carries out an allowed action (allowed on a writable database, when read-only).
 * The class of a cancellation is the user's choice: the command leaves it open, the classes are listed.
 */
function actionCommand(e: Explanation, action: ActionName): string | null {
  if (!(e.ifWritable ?? e.verdict)[action].allowed) return null;
  const id = e.session.id;
  switch (action) {
    case 'delete':
      return `sessionctl delete ${id}`;
    case 'cancel':
      return `sessionctl cancel ${id} --class <class>`;
    case 'confirm':
      return `sessionctl confirm ${id}`;
    case 'uncancel':
      return `sessionctl uncancel ${id}`;
  }
}

const ACTIONS: ReadonlyArray<[ActionName, string]> = [
  ['delete', 'Permanently Delete'],
  ['cancel', 'Apply Cancellation'],
  ['confirm', 'Confirm'],
  ['uncancel', 'Revert Cancellation'],
];

export function explainJson(e: Explanation) {
  const action = (name: ActionName) => ({ ...verdictJson(e.verdict[name]), command: actionCommand(e, name) });
  const ifWritable = e.ifWritable;
  return {
    session: sessionJson(e.session, e.verdict),
    facts: { ...e.session.facts },
    actions: Object.fromEntries(ACTIONS.map(([name]) => [name, action(name)])),
    integrationMode: e.integrationMode,
    readOnly: e.readOnly,
    ifWritable: ifWritable ? Object.fromEntries(ACTIONS.map(([name]) => [name, verdictJson(ifWritable[name])])) : null,
    cancellationClasses: e.cancellationClasses,
    twins: e.twins.map((t) => t.id),
    details: e.details,
  };
}



function printVerdict(
  out: Output,
  title: string,
  v: ActionVerdict,
  writable: ActionVerdict | undefined,
  command: string | null,
): void {
  const c = out.color;
  const status = v.allowed
    ? c.green('allowed')
    : writable?.allowed
      ? `${c.red('not allowed')} here (read-only); ${c.green('allowed')} on a writable database`
      : c.red('not allowed');
  out.print(`  ${title.padEnd(20)} ${status}`);
  if (command) out.print(`    ${c.dim('→')} Run: ${command}`);
  for (const r of v.reasons) {
    out.print(`    ${c.red('✖')} ${r.code}: ${r.message}`);
    const next = [r.remedy, r.command ? `Run: ${r.command}` : null].filter(Boolean).join(' ');
    if (next) out.print(`      ${c.dim('→')} ${next}`);
  }
}

export function printExplanation(out: Output, e: Explanation): void {
  const c = out.color;
  const s = e.session;
  const d = e.details;
  const f = s.facts;
  out.print(c.bold(`Session ${s.id}`) + `  ${s.date} ${s.start} (${s.durationMinutes} min)  ${s.status}`);
  out.print(`  patient      ${visible(s.patient.name)}${s.patient.chartNumber ? ` (chart ${visible(s.patient.chartNumber)})` : ''}`);
  out.print(`  provider     ${visible(s.provider.name)}`);
  out.print(`  location     ${visible(s.location?.name ?? '—')}`);
  out.print(`  class        ${visible(s.sessionClass?.name ?? '—')}`);
  out.print(`  entered      ${s.createdAt}`);
  if (s.confirmedAt) out.print(`  confirmed    ${s.confirmedAt}`);
  if (s.cancelledAt) out.print(`  cancelled    ${s.cancelledAt}`);
  for (const t of e.twins) {
    out.print(`  ${c.yellow('≈')} same slot  session ${t.id} (${t.status}; ${attachedText(t)}): same patient, provider, date and time — one of them may have been entered twice`);
  }
  out.print();
  out.print(
    `Integration mode: ${e.integrationMode}` +
      (e.integrationMode === 'webpt'
        ? ' (notes never block a delete; each delete owes an addendum in WebPT)'
        : ' (a finalized note blocks a delete)') +
      (e.readOnly ? '; database open read-only' : ''),
  );
  out.print();
  out.print(c.bold('Facts'));
  out.print(`  claims       ${f.claims}`);
  for (const r of d.claims) out.print(`    claim ${r.id}: ${r.payer}, billed ${r.billedAt}, ${r.status}`);
  out.print(`  payments     ${f.payments}`);
  for (const r of d.payments) out.print(`    payment ${r.id}: ${formatCents(r.amountCents)} ${r.method}, posted ${r.postedAt}`);
  out.print(`  adjustments  ${f.adjustments}`);
  for (const r of d.adjustments) out.print(`    adjustment ${r.id}: ${formatCents(r.amountCents)} ${visible(r.reason)}, posted ${r.postedAt}`);
  out.print(`  notes        ${f.finalizedNotes} finalized, ${f.draftNotes} draft`);
  for (const r of d.notes) out.print(`    note ${r.id}: ${r.status}${r.finalizedAt ? ` ${r.finalizedAt}` : ''}`);
  out.print(`  charges      ${f.charges}`);
  for (const r of d.charges) out.print(`    charge ${r.id}: ${r.cptCode} × ${r.units}, ${formatCents(r.amountCents)}`);
  out.print();
  out.print(c.bold('Actions'));
  printVerdict(out, 'Permanently Delete', e.verdict.delete, e.ifWritable?.delete, actionCommand(e, 'delete'));
  if ((e.ifWritable ?? e.verdict).delete.allowed) {
    const notes = notesGoingWith(f, e.integrationMode);
    const goes = [
      f.charges ? plural(f.charges, 'charge') : null,
      notes.draft ? plural(notes.draft, 'draft note') : null,
      notes.finalized ? plural(notes.finalized, 'finalized note') : null,
    ];
    const list = goes.filter(Boolean).join(', ');
    if (list) out.print(`    goes with it: ${list}`);
    if (e.integrationMode === 'webpt') out.print(`    an addendum will be owed in WebPT for ${visible(s.patient.name)} on ${s.date}`);
  }
  printVerdict(out, 'Apply Cancellation', e.verdict.cancel, e.ifWritable?.cancel, actionCommand(e, 'cancel'));
  if ((e.ifWritable ?? e.verdict).cancel.allowed && e.cancellationClasses.length > 0) {
    out.print(`    classes (pick the one that fits): ${e.cancellationClasses.map(shellWord).join(', ')}`);
  }
  printVerdict(out, 'Confirm', e.verdict.confirm, e.ifWritable?.confirm, actionCommand(e, 'confirm'));
  printVerdict(out, 'Revert Cancellation', e.verdict.uncancel, e.ifWritable?.uncancel, actionCommand(e, 'uncancel'));
}

/** "1 charge, 1 draft note", or "nothing attached". */
export function attachedText(s: Session): string {
  const parts = attachedWords(s.facts);
  return parts.length > 0 ? parts.join(', ') : 'nothing attached';
}
