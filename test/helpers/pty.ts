// The built CLI in a real pseudo-terminal: keys in, the screen's text out (ANSI stripped), waits that
// poll the output with a deadline, and the exit status.
import * as pty from 'node-pty';
import { BIN, NOW, ROOT } from './procs.js';

export const KEY = {
  enter: '\r',
  up: '\u001b[A',
  down: '\u001b[B',
  esc: '\u001b',
  ctrlC: '\u0003',
  backspace: '\u007f',
} as const;

/** Terminal text without colours, cursor movement or other control sequences. */
export function stripAnsi(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\][^\u0007]*(\u0007|\u001b\\)/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b[()][0-9A-Za-z]|\u001b[=>78]/g, '')
      .replace(/\r/g, '')
  );
}

export interface Terminal {
  /** Everything written so far, stripped. */
  all(): string;
  /** What was written since the last send(), stripped. */
  recent(): string;
  /** Types keys (text or KEY values); later waits look only at what comes after. */
  send(keys: string): void;
  /** Waits until the text since the last send() matches; returns that text. */
  waitFor(pattern: string | RegExp | ((text: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code. */
  exited: Promise<number>;
  kill(): void;
}

export interface TerminalOptions {
  env?: Record<string, string>;
  cols?: number;
  rows?: number;
}

export function startTerminal(args: readonly string[], opts: TerminalOptions = {}): Terminal {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('SESSIONCTL_') && k !== 'FORCE_COLOR' && k !== 'NO_COLOR') env[k] = v;
  }
  Object.assign(env, { TERM: 'xterm-256color', SESSIONCTL_NOW: NOW, SESSIONCTL_ACTOR: 'pty-test' }, opts.env);
  const term = pty.spawn(process.execPath, [BIN, ...args], {
    name: 'xterm-256color',
    cols: opts.cols ?? 200,
    rows: opts.rows ?? 50,
    cwd: ROOT,
    env,
  });
  let raw = '';
  let mark = 0;
  term.onData((d) => (raw += d));
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  let done = false;
  void exited.then(() => (done = true));

  return {
    all: () => stripAnsi(raw),
    recent: () => stripAnsi(raw.slice(mark)),
    send(keys) {
      mark = raw.length;
      term.write(keys);
    },
    async waitFor(pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      const matches = (text: string) =>
        typeof pattern === 'string' ? text.includes(pattern) : typeof pattern === 'function' ? pattern(text) : pattern.test(text);
      for (;;) {
        const text = stripAnsi(raw.slice(mark));
        if (matches(text)) return text;
        if (done || Date.now() > deadline) {
          throw new Error(
            `${done ? 'The program exited' : `Timed out after ${timeoutMs} ms`} waiting for ${String(pattern)}.\n--- screen since the last keys ---\n${text.slice(-3000)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    exited,
    kill: () => {
      if (!done) term.kill();
    },
  };
}
