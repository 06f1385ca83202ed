// `explain`: one session, the rows behind its facts, and why each action is or is not offered,
// for support staff. Human text on stdout, or the JSON document of CONTRACT §3 with more keys.
import { plural } from '../domain/words.js';
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
}

/** A word as a shell takes it: bare when safe, else single-quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_.,:/@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command that carries out an allowed action (allowed on a writable database, when read-only). */
function actionCommand(e: Explanation, action: ActionName): string | null {
  if (!(e.ifWritable ?? e.verdict)[action].allowed) return null;
  if (action === 'delete') return `sessionctl delete ${e.session.id}`;
  const cls = e.cancellationClasses[0];
  return `sessionctl cancel ${e.session.id} --class ${cls === undefined ? '<class>' : shellWord(cls)}`;
}

export function explainJson(e: Explanation) {
  const action = (name: ActionName) => ({ ...verdictJson(e.verdict[name]), command: actionCommand(e, name) });
  return {
    session: sessionJson(e.session, e.verdict),
    facts: { ...e.session.facts },
    actions: { delete: action('delete'), cancel: action('cancel') },
    integrationMode: e.integrationMode,
    readOnly: e.readOnly,
    ifWritable: e.ifWritable
      ? { delete: verdictJson(e.ifWritable.delete), cancel: verdictJson(e.ifWritable.cancel) }
      : null,
    cancellationClasses: e.cancellationClasses,
    details: e.details,
  };
}

export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
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
  for (const r of d.payments) out.print(`    payment ${r.id}: ${money(r.amountCents)} ${r.method}, posted ${r.postedAt}`);
  out.print(`  adjustments  ${f.adjustments}`);
  for (const r of d.adjustments) out.print(`    adjustment ${r.id}: ${money(r.amountCents)} ${visible(r.reason)}, posted ${r.postedAt}`);
  out.print(`  notes        ${f.finalizedNotes} finalized, ${f.draftNotes} draft`);
  for (const r of d.notes) out.print(`    note ${r.id}: ${r.status}${r.finalizedAt ? ` ${r.finalizedAt}` : ''}`);
  out.print(`  charges      ${f.charges}`);
  for (const r of d.charges) out.print(`    charge ${r.id}: ${r.cptCode} × ${r.units}, ${money(r.amountCents)}`);
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
  if ((e.ifWritable ?? e.verdict).cancel.allowed && e.cancellationClasses.length > 1) {
    out.print(`    classes: ${e.cancellationClasses.join(', ')}`);
  }
}
