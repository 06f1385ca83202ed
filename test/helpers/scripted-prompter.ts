// A Prompter whose answers a test writes down beforehand, in order. Each call is recorded (method,
// message, the choices as plain text); a call that the script does not expect, or an answer that is
// not among the choices offered, fails the test, and so does an answer left over at the end.
import { stripVTControlCharacters } from 'node:util';
import { LEAVE, type Choice, type Leave, type Prompter, type PickOptions, type InputOptions } from '../../src/ui/prompter.js';

export { LEAVE };

type Method = keyof Prompter;

/** Answer a prompt as Ctrl-C does: inquirer's ExitPromptError (exit 130). */
export const INTERRUPT = Symbol('interrupt');

/** The choice whose text (without colour) matches: the way a test names a line of a list. */
export interface ByName {
  name: string | RegExp;
}

/**
 * What a list prompt answers: a value among the choices, the choice named so (byName), LEAVE, INTERRUPT,
 * or a function of the choices that returns one of those (it may be async: the prompt waits for it).
 */
export type ListAnswer = unknown;

export interface Step {
  method: Method;
  /** The message the prompt must show (a string must be contained in it). */
  message?: string | RegExp;
  answer: unknown;
}

export interface PromptCall {
  method: Method;
  message: string;
  /** Each choice's text without colour (list prompts only). */
  choices: string[];
  /** The values of the choices (list prompts only). */
  values: unknown[];
  /** What the run had written when the prompt came up (when a harness attached its streams). */
  stdout: string;
  stderr: string;
  answer?: unknown;
}

const step =
  (method: Method) =>
  (answer: unknown, message?: string | RegExp): Step => ({ method, answer, message });

/** Builders of a script: `new ScriptedPrompter([ask.pick({ name: /^5 / }), ask.choose('delete'), ask.confirm(true)])`. */
export const ask = {
  choose: step('choose') as (answer: ListAnswer, message?: string | RegExp) => Step,
  pick: step('pick') as (answer: ListAnswer, message?: string | RegExp) => Step,
  checkbox: step('checkbox') as (answer: ListAnswer[] | Leave | typeof INTERRUPT, message?: string | RegExp) => Step,
  confirm: step('confirm') as (answer: boolean | typeof INTERRUPT | (() => Promise<boolean> | boolean), message?: string | RegExp) => Step,
  input: step('input') as (answer: string | Leave | typeof INTERRUPT | (() => Promise<string> | string), message?: string | RegExp) => Step,
};

export const byName = (name: string | RegExp): ByName => ({ name });

function interrupted(): Error {
  // What inquirer throws on Ctrl-C; the CLI knows it by its name.
  return Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
}

const isByName = (a: unknown): a is ByName =>
  typeof a === 'object' && a !== null && Object.keys(a).length === 1 && 'name' in a && (typeof (a as ByName).name === 'string' || (a as ByName).name instanceof RegExp);

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

export class ScriptedPrompter implements Prompter {
  readonly calls: PromptCall[] = [];
  /** What went wrong, kept even when the error thrown into the CLI was caught and reported there. */
  readonly failures: string[] = [];
  private readonly steps: Step[];
  private screen: () => { stdout: string; stderr: string } = () => ({ stdout: '', stderr: '' });

  constructor(steps: readonly Step[] = []) {
    this.steps = [...steps];
  }

  /** Lets each call record what had been written before it (the harness does this). */
  attach(screen: () => { stdout: string; stderr: string }): void {
    this.screen = screen;
  }

  /** Fails unless every answer was used and no call went wrong. */
  assertDone(): void {
    if (this.failures.length > 0) throw new Error(`scripted prompter: ${this.failures.join('; ')}\ncalls: ${this.describeCalls()}`);
    if (this.steps.length > 0) {
      throw new Error(
        `scripted prompter: ${this.steps.length} answer(s) not asked for, first a ${this.steps[0]!.method}\ncalls: ${this.describeCalls()}`,
      );
    }
  }

  describeCalls(): string {
    return this.calls.length === 0 ? '(none)' : this.calls.map((c) => `${c.method} "${c.message}"`).join(', ');
  }

  private fail(message: string): never {
    this.failures.push(message);
    throw new Error(`scripted prompter: ${message}`);
  }

  private next(method: Method, message: string, choices: Choice<unknown>[] = []): { call: PromptCall; answer: unknown } {
    const call: PromptCall = {
      method,
      message,
      choices: choices.map((c) => stripVTControlCharacters(c.name)),
      values: choices.map((c) => c.value),
      ...this.screen(),
    };
    this.calls.push(call);
    const s = this.steps.shift();
    if (!s) return this.fail(`unexpected ${method} "${message}" (no answers left)`);
    if (s.method !== method) return this.fail(`expected a ${s.method}, got ${method} "${message}"`);
    if (s.message !== undefined && !matches(message, s.message)) return this.fail(`${method} "${message}" is not ${String(s.message)}`);
    if (s.answer === INTERRUPT) throw interrupted();
    return { call, answer: s.answer };
  }

  /**
   * An answer given as a function is called with the choices when the prompt comes up, and may take
   * its time (a test can change the database while the prompt waits); it returns the answer.
   */
  private async evaluate(answer: unknown, choices: Choice<unknown>[] = []): Promise<unknown> {
    const a = typeof answer === 'function' ? await (answer as (cs: Choice<unknown>[]) => unknown)(choices) : answer;
    if (a === INTERRUPT) throw interrupted();
    return a;
  }

  /** One value among the choices, or LEAVE. */
  private resolve<T>(call: PromptCall, choices: Choice<T>[], a: unknown): T | Leave {
    if (a === LEAVE) return LEAVE;
    if (isByName(a)) {
      const found = choices.filter((c, i) => matches(call.choices[i]!, a.name));
      if (found.length !== 1) this.fail(`${found.length} choices of "${call.message}" match ${String(a.name)}: ${call.choices.join(' | ')}`);
      return found[0]!.value;
    }
    if (!choices.some((c) => c.value === a)) this.fail(`${JSON.stringify(a)} is not among the choices of "${call.message}": ${call.choices.join(' | ')}`);
    return a as T;
  }

  async choose<T>(message: string, choices: Choice<T>[]): Promise<T | Leave> {
    const { call, answer } = this.next('choose', message, choices);
    return (call.answer = this.resolve(call, choices, await this.evaluate(answer, choices))) as T | Leave;
  }

  async pick<T>(message: string, choices: Choice<T>[], _opts?: PickOptions<T>): Promise<T | Leave> {
    const { call, answer } = this.next('pick', message, choices);
    return (call.answer = this.resolve(call, choices, await this.evaluate(answer, choices))) as T | Leave;
  }

  async confirm(message: string): Promise<boolean> {
    const step = this.next('confirm', message);
    const call = step.call;
    const answer = await this.evaluate(step.answer);
    if (typeof answer !== 'boolean') this.fail(`confirm "${message}" needs true or false, not ${String(answer)}`);
    return (call.answer = answer) as boolean;
  }

  async checkbox<T>(message: string, choices: Choice<T>[]): Promise<T[] | Leave> {
    const step = this.next('checkbox', message, choices);
    const call = step.call;
    const answer = await this.evaluate(step.answer, choices);
    if (answer === LEAVE) return (call.answer = LEAVE);
    if (!Array.isArray(answer)) return this.fail(`checkbox "${message}" needs a list or LEAVE`);
    return (call.answer = answer.map((a) => this.resolve(call, choices, a)).filter((v): v is T => v !== LEAVE));
  }

  async input(message: string, opts: InputOptions = {}): Promise<string | Leave> {
    const step = this.next('input', message);
    const call = step.call;
    const answer = await this.evaluate(step.answer);
    if (answer === LEAVE) return (call.answer = LEAVE);
    if (typeof answer !== 'string') return this.fail(`input "${message}" needs a string or LEAVE`);
    const verdict = opts.validate?.(answer) ?? true;
    if (verdict !== true) this.fail(`input "${message}": "${answer}" was refused by its validation: ${verdict}`);
    return (call.answer = answer);
  }
}
