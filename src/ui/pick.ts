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
export async function leavable<T, P = never>(
  streams: Streams,
  qLeaves: () => boolean,
  ask: (context: PromptContext) => Promise<T>,
  /** Keys that end the prompt with a value of their own (a list's "next day"), when it says which. */
  pressed?: (keyName: string) => P | undefined,
): Promise<T | Leave | P> {
  const controller = new AbortController();
  const input = streams.stdin;
  let answer: { value: P } | null = null;
  const onKey = (_text: string | undefined, key: Key | undefined) => {
    if (!key || key.ctrl) return;
    const own = key.name && !key.meta && !key.shift ? pressed?.(key.name) : undefined;
    if (own !== undefined) {
      answer = { value: own };
      controller.abort();
    } else if (key.name === 'escape' || (key.name === 'q' && !key.shift && !key.meta && qLeaves())) controller.abort();
  };
  input.on('keypress', onKey);
  try {
    // Prompts draw where the table is: ctx.interactive means stdout is this terminal.
    return await ask({ input, output: streams.stdout, signal: controller.signal, clearPromptOnDone: true });
  } catch (err) {
    if (controller.signal.aborted && (err as { name?: string } | null)?.name === 'AbortPromptError') {
      return answer === null ? LEAVE : (answer as { value: P }).value;
    }
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

/**
 * inquirer's search prompt ignores Enter while its list is loading, and it loads after every key, if
 * only for a turn of the event loop: a term pasted with its Enter, or typed ahead of a busy process,
 * arrives in one read and its Enter is lost, so the prompt sits there as if nothing was pressed.
 * This presses Enter again once the list has caught up, which chooses what the term filters to, as it
 * would have if typed slowly. Registered before the prompt's own listeners, it sees each key first.
 */
export function enterOnceLoaded(input: NodeJS.ReadableStream): { loading(): void; dispose(): void } {
  let loading = false;
  let open = true;
  let replaying = false;
  const onKey = (_text: string | undefined, key: Key | undefined) => {
    if (!loading || replaying || (key?.name !== 'return' && key?.name !== 'enter')) return;
    // The list's load settles in the microtasks after this read; setImmediate runs after them.
    setImmediate(() => {
      if (!open) return;
      replaying = true;
      try {
        input.emit('keypress', '\r', { name: 'return', sequence: '\r', ctrl: false, meta: false, shift: false });
      } finally {
        replaying = false;
      }
    });
  };
  input.on('keypress', onKey);
  return {
    /** Called by the list's source: the prompt is loading until the microtasks after this read. */
    loading() {
      loading = true;
      queueMicrotask(() => (loading = false));
    },
    dispose() {
      open = false;
      input.off('keypress', onKey);
    },
  };
}
