// Every question the CLI asks goes through one Prompter, carried by the context (ctx.prompt), so that
// Esc, q and Ctrl-C mean the same in every flow and a test can script the answers (ScriptedPrompter).
import type { Streams } from './output.js';
import { enterOnceLoaded, filterChoices, helpTip, leavable, loadInquirer, pageSize, type Choice, type Leave } from './pick.js';

export { LEAVE, type Choice, type Leave } from './pick.js';

/** A key that ends a pick with a value of its own, e.g. ← for the previous day. */
export interface PickKey<K extends string> {
  /** readline's name of the key: left, right, home, pageup, pagedown. */
  key: string;
  value: K;
}

/** What pick resolves to when one of its keys was pressed. */
export interface Pressed<K extends string> {
  pressed: K;
}

/** Pressed<K>, or nothing at all for a pick without keys. */
export type PressedOf<K extends string> = [K] extends [never] ? never : Pressed<K>;

export interface PickOptions<T, K extends string = never> {
  /** A term typed that equals a choice's id puts that choice first. */
  idOf?: (value: T) => number | string;
  /** Highlighted at the start. */
  initial?: T;
  /** Keys that move elsewhere (active before anything is typed, as q), and their words for the help line. */
  keys?: { keys: ReadonlyArray<PickKey<K>>; help: string };
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
  /** A long list that the user narrows by typing (q leaves only before anything is typed; so do its keys). */
  pick<T, K extends string = never>(message: string, choices: Choice<T>[], opts?: PickOptions<T, K>): Promise<T | Leave | PressedOf<K>>;
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

    async pick<T, K extends string = never>(message: string, choices: Choice<T>[], opts: PickOptions<T, K> = {}) {
      const { search } = await loadInquirer();
      let term = '';
      const keys = opts.keys;
      const pressed = (name: string): PressedOf<K> | undefined => {
        const k = term === '' ? keys?.keys.find((x) => x.key === name) : undefined;
        return k ? ({ pressed: k.value } as PressedOf<K>) : undefined;
      };
      const enter = enterOnceLoaded(streams.stdin);
      try {
        return await leavable<T, PressedOf<K>>(streams, () => term === '', (context) =>
          search(
            {
              message,
              ...(opts.initial === undefined ? {} : { default: opts.initial }),
              pageSize: pageSize(streams, 8),
              theme: helpTip(`type to filter · ↑↓ move · ⏎ choose${keys ? ` · ${keys.help}` : ''} · Esc (or q before typing) leave`),
              source: (typed) => {
                term = typed ?? '';
                enter.loading();
                return filterChoices(choices, term, opts.idOf);
              },
            },
            context,
          ),
          pressed,
        );
      } finally {
        enter.dispose();
      }
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
