// The prompts of the hand-off: inquirer, loaded on first use (start-up time matters), with Esc and q
// as "leave this prompt" and Ctrl-C left to inquirer (ExitPromptError, which the CLI turns into exit 130).
import type { Streams } from './output.js';
import { searchKey } from '../domain/search-key.js';

/** The user pressed Esc or q: not an answer, and nothing to do. */
export const LEAVE = Symbol('leave');
export type Leave = typeof LEAVE;

export interface Choice<T> {
  value: T;
  name: string;
  /** Shown under the list while this choice is highlighted. */
  description?: string;
  /** Shown as the answer once chosen. */
  short?: string;
}

export interface PromptIo {
  streams: Streams;
}

type Key = { name?: string; ctrl?: boolean; meta?: boolean; shift?: boolean };
type PromptContext = { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal: AbortSignal; clearPromptOnDone: boolean };

const loadInquirer = () => import('@inquirer/prompts');

/**
 * Runs one prompt and turns Esc (and q, when `qLeaves()` says q is not being typed as text) into LEAVE.
 * Our listener is registered before inquirer's readline, so it sees each key before the prompt does.
 */
async function leavable<T>(io: PromptIo, qLeaves: () => boolean, ask: (context: PromptContext) => Promise<T>): Promise<T | Leave> {
  const controller = new AbortController();
  const input = io.streams.stdin;
  const onKey = (_text: string | undefined, key: Key | undefined) => {
    if (!key || key.ctrl) return;
    if (key.name === 'escape' || (key.name === 'q' && !key.shift && !key.meta && qLeaves())) controller.abort();
  };
  input.on('keypress', onKey);
  try {
    // The prompt draws where the table is: ctx.interactive means stdout is this terminal.
    return await ask({ input, output: io.streams.stdout, signal: controller.signal, clearPromptOnDone: true });
  } catch (err) {
    if (controller.signal.aborted && (err as { name?: string } | null)?.name === 'AbortPromptError') return LEAVE;
    throw err;
  } finally {
    input.off('keypress', onKey);
  }
}

function helpTip(text: string) {
  return { style: { keysHelpTip: () => text } };
}

function pageSize(io: PromptIo, reserved: number): number {
  const rows = io.streams.stdout.rows ?? 24;
  return Math.max(5, Math.min(20, rows - reserved));
}

/** A short list: arrows and Enter; Esc or q leave. */
export async function choose<T>(io: PromptIo, message: string, choices: Choice<T>[]): Promise<T | Leave> {
  const { select } = await loadInquirer();
  return leavable(io, () => true, (context) =>
    select<T>({ message, choices, pageSize: pageSize(io, 6), loop: false, theme: helpTip('↑↓ move · ⏎ choose · Esc/q back') }, context),
  );
}

/**
 * A long list that the user narrows by typing: every word typed must appear in the choice, case, accents
 * and punctuation ignored as in `search --patient` (Chloé = chloe, O'Brien = obrien);
 * a number typed alone puts the choice with that id first. Esc leaves, and so does q before anything is typed.
 */
export async function pickFiltered<T>(
  io: PromptIo,
  message: string,
  choices: Choice<T>[],
  idOf: (value: T) => number | string,
  initial?: T,
): Promise<T | Leave> {
  const { search } = await loadInquirer();
  let term = '';
  return leavable(io, () => term === '', (context) =>
    search<T>(
      {
        message,
        ...(initial === undefined ? {} : { default: initial }),
        pageSize: pageSize(io, 8),
        theme: helpTip('type to filter · ↑↓ move · ⏎ choose · Esc (or q before typing) leave'),
        source: (typed) => {
          term = typed ?? '';
          return filterChoices(choices, term, idOf);
        },
      },
      context,
    ),
  );
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function filterChoices<T>(choices: Choice<T>[], term: string, idOf: (value: T) => number | string): Choice<T>[] {
  const words = term.split(/\s+/).map(searchKey).filter(Boolean);
  if (words.length === 0) return choices;
  const matches = choices.filter((ch) => {
    const text = searchKey(ch.name.replace(ANSI, ''));
    return words.every((w) => text.includes(w));
  });
  const exact = (ch: Choice<T>) => String(idOf(ch.value)) === term.trim();
  return [...matches.filter(exact), ...matches.filter((ch) => !exact(ch))];
}

/** Yes or no, default No; Esc or q count as No. */
export async function confirmNo(io: PromptIo, message: string): Promise<boolean> {
  const { confirm } = await loadInquirer();
  const answer = await leavable(io, () => true, (context) => confirm({ message, default: false }, { ...context, clearPromptOnDone: false }));
  return answer === true;
}
