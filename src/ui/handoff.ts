// The hand-off after a listing, on a terminal: pick a session, choose among only the actions the rules
// allow (the hidden ones are named with their reason and remedy), confirm, see the outcome, and get
// the refreshed list again, until the user leaves with Esc or q.
import { Chalk, type ChalkInstance } from 'chalk';
import type { IntegrationMode, OutcomeResult, Reason, SessionClass } from '../domain/types.js';
import type { Listed, ListingPage, ListingScreen } from '../domain/listing.js';
import { CliError } from '../domain/errors.js';
import { exitCodeFor } from '../domain/exit-codes.js';
import { plural } from '../domain/words.js';
import { notesGoingWith } from '../rules/index.js';
import type { Output, Streams } from './output.js';
import { printOutcomes } from './outcomes.js';
import { LEAVE, type Choice, type Prompter } from './prompter.js';
import {
  UNDELETABLE_LEGEND,
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
    if (page.listed.some((l) => cannotBeDeleted(l.verdict))) io.out.info(UNDELETABLE_LEGEND);
  }
  if (page.notice) io.out.warn(page.notice);
}

const PLAIN = new Chalk({ level: 0 });

/** One line per session; cut to the terminal's width (without colour then, so no escape is cut in half). */
function sessionChoice(l: Listed, showDate: boolean, io: HandoffIo): Choice<Listed> {
  const s = l.session;
  const line = (c: ChalkInstance) =>
    [
      String(s.id).padEnd(6),
      whenText(s, showDate),
      ' ',
      patientText(s).padEnd(28),
      padVisible(statusText(s, c), 9),
      ' ',
      padVisible(actionSummary(l.verdict, c), 26),
      // Last: the first to be cut on a narrow terminal.
      s.provider.name,
    ].join(' ');
  // The prompt puts a cursor and a space before each line.
  const room = (io.streams.stdout.columns ?? 0) - 3;
  let name = line(io.out.color);
  if (room > 10 && visibleLength(name) > room) name = `${line(PLAIN).slice(0, room - 1)}…`;
  return { value: l, name, short: `session ${s.id}` };
}

/**
 * Each hidden action with its reason and remedy. A reason that hides both actions (read-only) is said
 * once; a remedy command that this menu itself offers is left out.
 */
function reasonLines(io: HandoffIo, verdict: Listed['verdict']): void {
  const c = io.out.color;
  const offered = (command: string) => verdict.cancel.allowed && command.startsWith('sessionctl cancel ');
  const cancelCodes = new Set(verdict.cancel.reasons.map((r) => r.code));
  const both = verdict.delete.reasons.filter((r) => cancelCodes.has(r.code)).map((r) => r.code);
  const lines: Array<[string, Reason]> = [
    ...verdict.cancel.reasons.map((r): [string, Reason] => [both.includes(r.code) ? 'Neither Apply Cancellation nor Permanently Delete is offered' : 'Apply Cancellation is not offered', r]),
    ...verdict.delete.reasons.filter((r) => !both.includes(r.code)).map((r): [string, Reason] => ['Permanently Delete is not offered', r]),
  ];
  for (const [what, r] of lines) {
    io.out.print(`  ${c.red('⊘')} ${what}: ${r.message}`);
    const command = r.command && !offered(r.command) ? `Run: ${r.command}` : null;
    const next = [r.remedy, command].filter(Boolean).join(' ');
    if (next) io.out.print(`      ${c.dim('→')} ${next}`);
  }
}

function describe(io: HandoffIo, l: Listed): void {
  const s = l.session;
  const c = io.out.color;
  io.out.print('');
  io.out.print(
    `${c.bold(`Session ${s.id}`)}  ${s.date} ${s.start} (${s.durationMinutes} min)  ${patientText(s)}  with ${s.provider.name}`,
  );
  io.out.print(
    `  ${s.location?.name ?? 'no location'} · ${statusText(s, c)}${s.sessionClass ? ` · ${s.sessionClass.name}` : ''}`,
  );
  const f = s.facts;
  const attached = (
    [
      [f.claims, 'claim'],
      [f.payments, 'payment'],
      [f.adjustments, 'adjustment'],
      [f.charges, 'charge'],
      [f.finalizedNotes, 'finalized note'],
      [f.draftNotes, 'draft note'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, what]) => plural(n, what));
  io.out.print(`  attached: ${attached.length > 0 ? attached.join(', ') : 'nothing'}`);
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

async function permanentlyDelete(io: HandoffIo, screen: ListingScreen, l: Listed, mode: IntegrationMode): Promise<OutcomeResult[] | null> {
  const s = l.session;
  const c = io.out.color;
  io.out.print(`Permanently Delete removes session ${s.id} (${s.date} ${s.start}, ${s.patient.name} with ${s.provider.name})${whatGoes(l, mode)}.`);
  if (mode === 'webpt') {
    io.out.print(`${c.yellow('!')} This practice is integrated with WebPT: an addendum will be owed in WebPT for ${s.patient.name}, session of ${s.date}.`);
  }
  io.out.print('It cannot be undone; the audit log keeps a copy of every row removed.');
  if (!(await io.prompt.confirm(`Permanently delete session ${s.id}?`))) {
    io.out.print('Not deleted.');
    return null;
  }
  return runAction(io, () => screen.delete(s.id));
}

type Act = 'cancel' | 'delete' | 'back';

/** The menu for one session: only the actions that its verdict allows, the others named with their reasons. */
async function offerActions(io: HandoffIo, screen: ListingScreen, id: number): Promise<OutcomeResult[] | null> {
  const current = await screen.reload(id);
  if (!current) {
    io.out.warn(`Session ${id} no longer exists; someone removed it after the list was drawn.`);
    return [];
  }
  const { listed: l, mode } = current;
  describe(io, l);
  const v = l.verdict;
  reasonLines(io, v);
  const choices: Choice<Act>[] = [];
  if (v.cancel.allowed) choices.push({ value: 'cancel', name: 'Apply Cancellation' });
  if (v.delete.allowed) choices.push({ value: 'delete', name: 'Permanently Delete' });
  choices.push({ value: 'back', name: 'Back to the list' });
  const act = await io.prompt.choose(`What should happen to session ${id}?`, choices);
  if (act === LEAVE || act === 'back') return null;
  return act === 'cancel' ? applyCancellation(io, screen, l) : permanentlyDelete(io, screen, l, mode);
}

/**
 * Picks and acts until the user leaves. Returns the exit status of what was done: 0, or 3 when a change
 * was refused because the facts changed after the list was drawn, or 1 when the session was gone.
 */
export async function handOff(io: HandoffIo, screen: ListingScreen, first: ListingPage): Promise<number> {
  const results: OutcomeResult[] = [];
  let page = first;
  for (;;) {
    if (page.listed.length === 0) return exitCodeFor(results);
    const choices = page.listed.map((l) => sessionChoice(l, screen.showDate, io));
    const picked = await io.prompt.pick('Pick a session', choices, { idOf: (l) => l.session.id });
    if (picked === LEAVE) return exitCodeFor(results);
    const done = await offerActions(io, screen, picked.session.id);
    if (done === null) continue;
    results.push(...done);
    page = await screen.load();
    io.out.print('');
    printListing(io, screen, page);
  }
}
