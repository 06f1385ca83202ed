// The machinery under the prompter (prompter.ts): inquirer, loaded on first use (start-up time matters),
// with Esc and q as "leave this prompt" and Ctrl-C left to inquirer (ExitPromptError, which the CLI
// turns into exit 130).
import { stripVTControlCharacters } from 'node:util';
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
  /** checkbox: ticked at the start. */
  checked?: boolean;
}

type Key = { name?: string; ctrl?: boolean; meta?: boolean; shift?: boolean };
export type PromptContext = {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  signal: AbortSignal;
  clearPromptOnDone: boolean;
};

export const loadInquirer = () => import('@inquirer/prompts');

/**
 * Runs one prompt and turns Esc (and q, when `qLeaves()` says q is not being typed as text) into LEAVE.
 * Our listener is registered before inquirer's readline, so it sees each key before the prompt does.
 */
export async function leavable<T>(
  streams: Streams,
  qLeaves: () => boolean,
  ask: (context: PromptContext) => Promise<T>,
): Promise<T | Leave> {
  const controller = new AbortController();
  const input = streams.stdin;
  const onKey = (_text: string | undefined, key: Key | undefined) => {
    if (!key || key.ctrl) return;
    if (key.name === 'escape' || (key.name === 'q' && !key.shift && !key.meta && qLeaves())) controller.abort();
  };
  input.on('keypress', onKey);
  try {
    // Prompts draw where the table is: ctx.interactive means stdout is this terminal.
    return await ask({ input, output: streams.stdout, signal: controller.signal, clearPromptOnDone: true });
  } catch (err) {
    if (controller.signal.aborted && (err as { name?: string } | null)?.name === 'AbortPromptError') return LEAVE;
    throw err;
  } finally {
    input.off('keypress', onKey);
  }
}

export function helpTip(text: string) {
  return { style: { keysHelpTip: () => text } };
}

/** How many choices fit under the prompt, given the lines it keeps for itself. */
export function pageSize(streams: Streams, reserved: number): number {
  const rows = streams.stdout.rows ?? 24;
  return Math.max(5, Math.min(20, rows - reserved));
}

/**
 * The choices that hold every word typed, case, accents and punctuation ignored as in `search --patient`
 * (Chloé = chloe, O'Brien = obrien); a term that is a choice's id puts that choice first.
 */
export function filterChoices<T>(choices: Choice<T>[], term: string, idOf?: (value: T) => number | string): Choice<T>[] {
  const words = term.split(/\s+/).map(searchKey).filter(Boolean);
  if (words.length === 0) return choices;
  const matches = choices.filter((ch) => {
    const text = searchKey(stripVTControlCharacters(ch.name));
    return words.every((w) => text.includes(w));
  });
  if (!idOf) return matches;
  const exact = (ch: Choice<T>) => String(idOf(ch.value)) === term.trim();
  return [...matches.filter(exact), ...matches.filter((ch) => !exact(ch))];
}
