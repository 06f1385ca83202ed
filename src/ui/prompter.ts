// Every question the CLI asks goes through one Prompter, carried by the context (ctx.prompt), so that
// Esc, q and Ctrl-C mean the same in every flow and a test can script the answers (ScriptedPrompter).
import type { Streams } from './output.js';
import { filterChoices, helpTip, leavable, loadInquirer, pageSize, type Choice, type Leave } from './pick.js';

export { LEAVE, type Choice, type Leave } from './pick.js';

export interface PickOptions<T> {
  /** A term typed that equals a choice's id puts that choice first. */
  idOf?: (value: T) => number | string;
  /** Highlighted at the start. */
  initial?: T;
}

export interface ConfirmOptions {
  /** The answer Enter gives; No unless said. */
  default?: boolean;
}

export interface InputOptions {
  /** true when the text will do, else what to say. */
  validate?(text: string): string | true;
}

/**
 * Each method resolves to LEAVE on Esc or q (confirm: to false); Ctrl-C rejects with inquirer's
 * ExitPromptError, which the CLI maps to exit 130.
 */
export interface Prompter {
  /** A short list: arrows and Enter. */
  choose<T>(message: string, choices: Choice<T>[]): Promise<T | Leave>;
  /** A long list that the user narrows by typing (q leaves only before anything is typed). */
  pick<T>(message: string, choices: Choice<T>[], opts?: PickOptions<T>): Promise<T | Leave>;
  /** Yes or no, default No; Esc or q count as No. */
  confirm(message: string, opts?: ConfirmOptions): Promise<boolean>;
  /** Several of a list, ticked with the space bar. */
  checkbox<T>(message: string, choices: Choice<T>[]): Promise<T[] | Leave>;
  /** Free text; Esc leaves (q is text here). */
  input(message: string, opts?: InputOptions): Promise<string | Leave>;
}

/** The prompter of a real terminal: inquirer on the given streams. Creating it loads nothing. */
export function terminalPrompter(streams: Streams): Prompter {
  return {
    async choose(message, choices) {
      const { select } = await loadInquirer();
      return leavable(streams, () => true, (context) =>
        select({ message, choices, pageSize: pageSize(streams, 6), loop: false, theme: helpTip('↑↓ move · ⏎ choose · Esc/q back') }, context),
      );
    },

    async pick(message, choices, opts = {}) {
      const { search } = await loadInquirer();
      let term = '';
      return leavable(streams, () => term === '', (context) =>
        search(
          {
            message,
            ...(opts.initial === undefined ? {} : { default: opts.initial }),
            pageSize: pageSize(streams, 8),
            theme: helpTip('type to filter · ↑↓ move · ⏎ choose · Esc (or q before typing) leave'),
            source: (typed) => {
              term = typed ?? '';
              return filterChoices(choices, term, opts.idOf);
            },
          },
          context,
        ),
      );
    },

    async confirm(message, opts = {}) {
      const { confirm } = await loadInquirer();
      const answer = await leavable(streams, () => true, (context) =>
        confirm({ message, default: opts.default ?? false }, { ...context, clearPromptOnDone: false }),
      );
      return answer === true;
    },

    async checkbox(message, choices) {
      const { checkbox } = await loadInquirer();
      return leavable(streams, () => true, (context) =>
        checkbox({ message, choices, pageSize: pageSize(streams, 6), loop: false, theme: helpTip('↑↓ move · space tick · ⏎ done · Esc/q back') }, context),
      );
    },

    async input(message, opts = {}) {
      const { input } = await loadInquirer();
      return leavable(streams, () => false, (context) =>
        input({ message, ...(opts.validate ? { validate: opts.validate } : {}) }, { ...context, clearPromptOnDone: false }),
      );
    },
  };
}
