// The hand-off after a listing, on a terminal: pick a session, choose among only the actions the rules
// allow (the hidden ones are named with their reason and remedy), confirm, see the outcome, and get
// the refreshed list again, until the user leaves with Esc or q.
import { stripVTControlCharacters } from 'node:util';
import type { IntegrationMode, OutcomeResult, Reason, ReasonCode, Session, SessionClass } from '../domain/types.js';
import type { Listed, ListingPage, ListingScreen } from '../domain/listing.js';
import { attachedText } from './explain.js';
import { CliError } from '../domain/errors.js';
import { exitCodeFor } from '../domain/exit-codes.js';
import { plural } from '../domain/words.js';
import { notesGoingWith } from '../rules/index.js';
import type { Output, Streams } from './output.js';
import { printOutcomes } from './outcomes.js';
import { wrap } from './wrap.js';
import { LEAVE, type Choice, type PickOptions, type Prompter } from './prompter.js';
import { attachedWords } from './facts.js';
import {
  TWIN_LEGEND,
  UNDELETABLE_LEGEND,
  hasTwin,
  idText,
  actionSummary,
  cannotBeDeleted,
  padVisible,
  patientText,
  sessionTable,
  statusText,
  whenText,
  visibleLength,
} from './table.js';

export interface HandoffIo {
  out: Output;
  streams: Streams;
  prompt: Prompter;
  /** Where the outcomes of this run's changes are kept, for the words said on an interruption. */
  changes?: OutcomeResult[];
}

function terminalWidth(io: HandoffIo): number | undefined {
  return io.streams.stdout.isTTY ? io.streams.stdout.columns : undefined;
}

/** The heading, the table (or the empty message) and the notice: data on stdout, words on stderr. */
export function printListing(io: HandoffIo, screen: ListingScreen, page: ListingPage): void {
  io.out.info(io.out.errColor.bold(screen.title(page)));
  if (page.listed.length === 0) {
    io.out.info(screen.empty);
  } else {
    io.out.print(sessionTable(page.listed, { showDate: screen.showDate, color: io.out.color, width: terminalWidth(io) }));
    if (page.listed.some((l) => cannotBeDeleted(l.verdict))) io.out.info(wrap(UNDELETABLE_LEGEND, terminalWidth(io)));
    if (page.listed.some((l) => hasTwin(l.session))) io.out.info(wrap(TWIN_LEGEND, terminalWidth(io)));
  }
  if (page.notice) io.out.warn(page.notice);
}

/** `text` in exactly `width` columns: padded, or cut with … (without its colour then, so no escape is cut in half). */
function cell(text: string, width: number): string {
  if (visibleLength(text) <= width) return padVisible(text, width);
  return `${stripVTControlCharacters(text).slice(0, Math.max(0, width - 1))}…`;
}

/**
 * One line per session, in columns aligned over the whole list (widths from the longest of each);
 * on a narrow terminal the actions and then the patient are cut, and the provider (last) takes what
 * room is left, if that is enough to be of use.
 */
function sessionChoices(listed: readonly Listed[], showDate: boolean, io: HandoffIo): Choice<Listed>[] {
  const c = io.out.color;
  const rows = listed.map((l) => [
    idText(l.session),
    whenText(l.session, showDate),
    patientText(l.session),
    statusText(l.session, c),
    actionSummary(l.verdict, c),
    l.session.provider.name,
  ]);
  const widths = [0, 1, 2, 3, 4, 5].map((i) => Math.max(0, ...rows.map((r) => visibleLength(r[i]!))));
  // The prompt puts a cursor and a space before each line; columns are two spaces apart.
  const room = io.streams.stdout.isTTY && io.streams.stdout.columns ? io.streams.stdout.columns - 3 : Infinity;
  const used = () => widths.slice(0, 5).reduce((a, b) => a + b + 2, 0);
  for (const [i, min] of [[4, 14], [2, 16]] as const) {
    if (used() > room) widths[i] = Math.max(min, widths[i]! - (used() - room));
  }
  // The provider only when a useful part of it fits.
  const left = room - used();
  widths[5] = left >= 8 ? Math.min(widths[5]!, left) : 0;
  return listed.map((l, n) => {
    const cells = rows[n]!.map((text, i) => (widths[i]! > 0 ? cell(text, widths[i]!) : ''));
    return { value: l, name: cells.join('  ').trimEnd(), short: `session ${l.session.id}` };
  });
}

// Codes the status line already says (a cancelled session is not confirmed, a scheduled one is not
// cancelled): listed for confirm and revert they would only be noise.
const SELF_EVIDENT = new Set<ReasonCode>(['ALREADY_CONFIRMED', 'SESSION_CANCELLED', 'NOT_CANCELLED', 'READ_ONLY']);

/**
 * Each hidden action with its reason and remedy. A reason that hides both delete and cancel
 * (read-only) is said once; a remedy command that this menu itself offers is left out.
 */
function reasonLines(io: HandoffIo, verdict: Listed['verdict']): void {
  const c = io.out.color;
  const offered = (command: string) =>
    (verdict.cancel.allowed && command.startsWith('sessionctl cancel ')) ||
    (verdict.uncancel.allowed && command.startsWith('sessionctl uncancel '));
  const cancelCodes = new Set(verdict.cancel.reasons.map((r) => r.code));
  const both = verdict.delete.reasons.filter((r) => cancelCodes.has(r.code)).map((r) => r.code);
  const lines: Array<[string, Reason]> = [
    ...verdict.cancel.reasons.map((r): [string, Reason] => [both.includes(r.code) ? 'Neither Apply Cancellation nor Permanently Delete is offered' : 'Apply Cancellation is not offered', r]),
    ...verdict.delete.reasons.filter((r) => !both.includes(r.code)).map((r): [string, Reason] => ['Permanently Delete is not offered', r]),
    ...verdict.confirm.reasons.filter((r) => !SELF_EVIDENT.has(r.code)).map((r): [string, Reason] => ['Confirm is not offered', r]),
    ...verdict.uncancel.reasons.filter((r) => !SELF_EVIDENT.has(r.code)).map((r): [string, Reason] => ['Revert Cancellation is not offered', r]),
  ];
  const width = terminalWidth(io);
  for (const [what, r] of lines) {
    io.out.print(wrap(`${what}: ${r.message}`, width, `  ${c.red('⊘')} `, '    '));
    const command = r.command && !offered(r.command) ? `Run: ${r.command}` : null;
    const next = [r.remedy, command].filter(Boolean).join(' ');
    if (next) io.out.print(wrap(next, width, `      ${c.dim('→')} `, '        '));
  }
}

function describe(io: HandoffIo, l: Listed): void {
  const s = l.session;
  const c = io.out.color;
  io.out.print('');
  io.out.print(
    wrap(`${c.bold(`Session ${s.id}`)}  ${s.date} ${s.start} (${s.durationMinutes} min)  ${patientText(s)}  with ${s.provider.name}`, terminalWidth(io), '', '  '),
  );
  io.out.print(
    wrap(`${s.location?.name ?? 'no location'} · ${statusText(s, c)}${s.sessionClass ? ` · ${s.sessionClass.name}` : ''}`, terminalWidth(io), '  ', '    '),
  );
  const attached = attachedWords(s.facts);
  io.out.print(wrap(`attached: ${attached.length > 0 ? attached.join(', ') : 'nothing'}`, terminalWidth(io), '  ', '    '));
}

/** What goes with the session when it is deleted, as the rules say (the action applies the same rule). */
function whatGoes(l: Listed, mode: IntegrationMode): string {
  const f = l.session.facts;
  const going = notesGoingWith(f, mode);
  const notes = going.draft + going.finalized;
  const parts = [f.charges > 0 ? plural(f.charges, 'charge') : null, notes > 0 ? plural(notes, mode === 'webpt' ? 'note' : 'draft note') : null];
  const list = parts.filter(Boolean);
  return list.length > 0 ? ` and with it ${list.join(' and ')}` : '; nothing else is attached to it';
}

async function runAction(io: HandoffIo, act: () => Promise<OutcomeResult[]>): Promise<OutcomeResult[]> {
  try {
    const results = await act();
    io.changes?.push(...results);
    printOutcomes(io.out, results);
    return results;
  } catch (err) {
    // A refusal that is not a rule (the class was deactivated meanwhile, the database is locked):
    // said like any other, and the list is still there.
    if (!(err instanceof CliError)) throw err;
    io.out.error(err.message, err.hint);
    return [];
  }
}

async function applyCancellation(io: HandoffIo, screen: ListingScreen, l: Listed): Promise<OutcomeResult[] | null> {
  const classes = await screen.cancellationClasses();
  const choices: Choice<SessionClass | null>[] = [
    ...classes.map((k) => ({ value: k, name: k.name })),
    { value: null, name: 'Back to the list' },
  ];
  const picked = await io.prompt.choose(`Apply Cancellation to session ${l.session.id} with which session class?`, choices);
  if (picked === LEAVE || picked === null) return null;
  io.out.print(`Apply Cancellation to session ${l.session.id} with class "${picked.name}".`);
  return runAction(io, () => screen.cancel(l.session.id, picked));
}

/** "session 1457, which has 1 charge and 1 draft note". */
function twinText(t: Session): string {
  const has = attachedText(t);
  return `session ${t.id}, which has ${has === 'nothing attached' ? 'nothing attached' : has.replace(/, ([^,]*)$/, ' and $1')}`;
}

/**
 * Why the session is being deleted, for the audit row (CONTRACT §4.3): entered twice (as a duplicate
 * of a twin), for the wrong patient, provider or time, or typed. null: the user went back.
 */
async function askWhy(io: HandoffIo, s: Session, twins: Session[]): Promise<string | null> {
  const OTHER = 'other';
  const BACK = 'back';
  const choices: Choice<string>[] = [
    ...twins.map((t) => ({ value: `Entered twice: a duplicate of session ${t.id}.`, name: `Entered twice, as a duplicate of session ${t.id}` })),
    { value: 'Entered for the wrong patient, provider or time.', name: 'Entered for the wrong patient, provider or time' },
    { value: OTHER, name: 'Another reason (type it)' },
    { value: BACK, name: 'Back to the list' },
  ];
  const why = await io.prompt.choose(`Why is session ${s.id} being deleted?`, choices);
  if (why === LEAVE || why === BACK) return null;
  if (why !== OTHER) return why;
  const typed = await io.prompt.input('The reason, for the audit log:', {
    validate: (text) => (text.trim() === '' ? 'Say why, in a few words.' : text.length > 500 ? 'At most 500 characters.' : true),
  });
  return typed === LEAVE ? null : typed.trim();
}

async function permanentlyDelete(
  io: HandoffIo,
  screen: ListingScreen,
  l: Listed,
  mode: IntegrationMode,
  today: string,
  twins: Session[],
): Promise<OutcomeResult[] | null> {
  const s = l.session;
  const c = io.out.color;
  io.out.print('Permanently Delete is only for a session entered in error: entered twice, or for the wrong patient, provider or time.');
  for (const t of twins) io.out.print(`${c.yellow('≈')} This looks like a duplicate of ${twinText(t)}.`);
  if (s.status === 'cancelled') {
    io.out.print(`${c.yellow('!')} Session ${s.id} is cancelled: deleting it also removes it from the cancellation report.`);
  } else if (twins.length === 0 && s.date <= today) {
    io.out.print(
      `${c.yellow('!')} No other session holds this visit, and its day has come: if the patient cancelled or did not come, Apply Cancellation instead (the visit stays on record).`,
    );
  }
  io.out.print(`Permanently Delete removes session ${s.id} (${s.date} ${s.start}, ${s.patient.name} with ${s.provider.name})${whatGoes(l, mode)}.`);
  if (mode === 'webpt') {
    io.out.print(`${c.yellow('!')} This practice is integrated with WebPT: an addendum will be owed in WebPT for ${s.patient.name}, session of ${s.date}.`);
  }
  const reason = await askWhy(io, s, twins);
  if (reason === null) return null;
  io.out.print(`The audit log keeps a copy of every row removed; \`sessionctl restore ${s.id}\` puts them back.`);
  if (!(await io.prompt.confirm(`Permanently delete session ${s.id}?`))) {
    io.out.print('Not deleted.');
    return null;
  }
  return runAction(io, () => screen.delete(s.id, reason));
}

async function confirmOne(io: HandoffIo, screen: ListingScreen, l: Listed): Promise<OutcomeResult[] | null> {
  const s = l.session;
  if (!(await io.prompt.confirm(`Confirm session ${s.id} (${s.date} ${s.start}, ${s.patient.name}): the visit took place?`))) {
    io.out.print('Not confirmed.');
    return null;
  }
  return runAction(io, () => screen.confirm([s.id]));
}

async function revertCancellation(io: HandoffIo, screen: ListingScreen, l: Listed): Promise<OutcomeResult[] | null> {
  const s = l.session;
  let sessionClass: SessionClass | null = null;
  if (await screen.revertNeedsClass(s.id)) {
    const classes = await screen.revertClasses();
    const picked = await io.prompt.choose(
      `No record says which class session ${s.id} had before it was cancelled. Which class should it have now?`,
      [...classes.map((k) => ({ value: k as SessionClass | null, name: k.name })), { value: null, name: 'Back to the list' }],
    );
    if (picked === LEAVE || picked === null) return null;
    sessionClass = picked;
  }
  io.out.print(
    sessionClass
      ? `Revert Cancellation puts session ${s.id} back as ${s.confirmedAt ? 'confirmed' : 'scheduled'}, class "${sessionClass.name}".`
      : `Revert Cancellation puts session ${s.id} back with the status and class it had before its cancellation.`,
  );
  if (!(await io.prompt.confirm(`Revert the cancellation of session ${s.id}?`))) {
    io.out.print('Not reverted.');
    return null;
  }
  return runAction(io, () => screen.uncancel(s.id, sessionClass));
}

/** confirm-schedule: tick the sessions whose visits took place, confirm once, one outcome each. */
async function confirmSeveral(io: HandoffIo, screen: ListingScreen, page: ListingPage): Promise<OutcomeResult[] | null> {
  const confirmable = page.listed.filter((l) => l.verdict.confirm.allowed);
  const picked = await io.prompt.checkbox(
    'Which visits took place? (space ticks, Enter confirms the ticked ones)',
    sessionChoices(confirmable, screen.showDate, io),
  );
  if (picked === LEAVE || picked.length === 0) return null;
  const ids = picked.map((l) => l.session.id);
  if (!(await io.prompt.confirm(`Confirm ${plural(ids.length, 'session')} (${ids.join(', ')})?`))) {
    io.out.print('Nothing was confirmed.');
    return null;
  }
  return runAction(io, () => screen.confirm(ids));
}

type Act = 'cancel' | 'delete' | 'confirm' | 'uncancel' | 'back';

/** The menu for one session: only the actions that its verdict allows, the others named with their reasons. */
async function offerActions(io: HandoffIo, screen: ListingScreen, id: number): Promise<OutcomeResult[] | null> {
  const current = await screen.reload(id);
  if (!current) {
    io.out.warn(`Session ${id} no longer exists; someone removed it after the list was drawn.`);
    return [];
  }
  const { listed: l, mode, today, twins } = current;
  describe(io, l);
  const v = l.verdict;
  reasonLines(io, v);
  const choices: Choice<Act>[] = [];
  if (v.cancel.allowed) choices.push({ value: 'cancel', name: 'Apply Cancellation' });
  if (v.delete.allowed) choices.push({ value: 'delete', name: 'Permanently Delete' });
  if (v.confirm.allowed) choices.push({ value: 'confirm', name: 'Confirm (the visit took place)' });
  if (v.uncancel.allowed) choices.push({ value: 'uncancel', name: 'Revert Cancellation' });
  choices.push({ value: 'back', name: 'Back to the list' });
  const act = await io.prompt.choose(`What should happen to session ${id}?`, choices);
  if (act === LEAVE || act === 'back') return null;
  switch (act) {
    case 'cancel':
      return applyCancellation(io, screen, l);
    case 'delete':
      return permanentlyDelete(io, screen, l, mode, today, twins);
    case 'confirm':
      return confirmOne(io, screen, l);
    case 'uncancel':
      return revertCancellation(io, screen, l);
  }
}

/** The first line of confirm-schedule's list: several at once. */
const SEVERAL = Symbol('confirm several');

/** Keys that leave a list for another one (the next day), with their words for the help line. */
export type Navigation<K extends string> = NonNullable<PickOptions<Listed, K>['keys']>;

/**
 * Picks and acts until the user leaves. Returns the exit status of what was done: 0, or 3 when a change
 * was refused because the facts changed after the list was drawn, or 1 when the session was gone.
 */
export async function handOff(io: HandoffIo, screen: ListingScreen, first: ListingPage): Promise<number> {
  return (await handOffUntil(io, screen, first)).code;
}

/** handOff, with keys that leave for another list: which one was pressed, if one was. */
export async function handOffUntil<K extends string = never>(
  io: HandoffIo,
  screen: ListingScreen,
  first: ListingPage,
  nav?: Navigation<K>,
): Promise<{ code: number; pressed?: K }> {
  const results: OutcomeResult[] = [];
  let page = first;
  for (;;) {
    // Without keys to move on, an empty list has nothing to pick; with them, it is still a way through.
    if (page.listed.length === 0 && !nav) return { code: exitCodeFor(results) };
    const confirmable = page.listed.filter((l) => l.verdict.confirm.allowed).length;
    const choices: Choice<Listed | typeof SEVERAL>[] = [
      ...(screen.confirmMany && confirmable > 1
        ? [{ value: SEVERAL as typeof SEVERAL, name: `Confirm several sessions at once (${confirmable} can be confirmed)`, short: 'confirm several' }]
        : []),
      ...sessionChoices(page.listed, screen.showDate, io),
    ];
    const picked = await io.prompt.pick<Listed | typeof SEVERAL, K>('Pick a session', choices, {
      idOf: (l) => (l === SEVERAL ? '' : l.session.id),
      ...(nav ? { keys: nav } : {}),
    });
    if (picked === LEAVE) return { code: exitCodeFor(results) };
    if (typeof picked === 'object' && 'pressed' in picked) return { code: exitCodeFor(results), pressed: picked.pressed };
    const done = picked === SEVERAL ? await confirmSeveral(io, screen, page) : await offerActions(io, screen, picked.session.id);
    if (done === null) continue;
    results.push(...done);
    page = await screen.load();
    io.out.print('');
    printListing(io, screen, page);
  }
}
