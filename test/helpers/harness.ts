// The CLI's main() in this process (Vercel's MockClient is the model): the same parsing, commands and
// error handling as the binary, without a process start-up (milliseconds, not a third of a second).
// Streams can claim to be a terminal (isTTY, columns, rows), a ScriptedPrompter answers the prompts,
// and the clock and environment are the test's. Spawned runs (procs.ts) remain the proof for the binary.
import { PassThrough, Writable } from 'node:stream';
import { vi } from 'vitest';
import { main } from '../../src/cli.js';
import type { Streams } from '../../src/ui/output.js';
import { cliEnv } from './procs.js';
import { ScriptedPrompter, type Step } from './scripted-prompter.js';
import { openKept } from './kept-connections.js';

export { ScriptedPrompter, ask, byName, press, LEAVE, INTERRUPT } from './scripted-prompter.js';

export interface HarnessResult {
  code: number;
  stdout: string;
  stderr: string;
  /** What the run wrote around its streams: console.*, process.stdout or process.stderr (a library logging, say). */
  stray: string;
  /** The prompter that answered (its calls say what was asked). */
  prompter: ScriptedPrompter;
}

export interface HarnessOptions {
  /** Added to (or, when undefined, removed from) the clean environment of cliEnv(). */
  env?: Record<string, string | undefined>;
  /** stdin and stdout claim to be a terminal of this size (true: 100×30). Off a terminal by default. */
  tty?: boolean | { columns?: number; rows?: number };
  /** The answers to the prompts, in order (needs `tty`): steps built with `ask`, or a prompter. */
  answers?: readonly Step[] | ScriptedPrompter;
  /** The clock (default: SESSIONCTL_NOW of the environment, pinned by cliEnv()). */
  clock?: () => Date;
  /** The working directory during the run (relative paths, the default database file). */
  cwd?: string;
}

function capture(tty: { columns: number; rows: number } | null): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  // Kept as it is written, so a prompt sees everything written before it.
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const shape = tty ? { isTTY: true, columns: tty.columns, rows: tty.rows } : { isTTY: false };
  return { stream: Object.assign(stream, shape) as unknown as NodeJS.WriteStream, text: () => text };
}

/**
 * Runs `sessionctl ...args` in this process. A prompt that the script does not expect, an answer not
 * asked for, or output written around the CLI's streams fails the test.
 */
export function run(args: readonly string[], opts: HarnessOptions = {}): Promise<HarnessResult> {
  // One run at a time: each replaces console.* and process.std*.write while it runs.
  const result = queue.then(() => runNow(args, opts));
  queue = result.catch(() => undefined);
  return result;
}

let queue: Promise<unknown> = Promise.resolve();

async function runNow(args: readonly string[], opts: HarnessOptions): Promise<HarnessResult> {
  const size = opts.tty ? { columns: 100, rows: 30, ...(opts.tty === true ? {} : opts.tty) } : null;
  const stdout = capture(size);
  const stderr = capture(size);
  const stdin = Object.assign(new PassThrough(), { isTTY: Boolean(size) }) as unknown as NodeJS.ReadStream;
  const streams: Streams = { stdin, stdout: stdout.stream, stderr: stderr.stream };
  const prompter = opts.answers instanceof ScriptedPrompter ? opts.answers : new ScriptedPrompter(opts.answers ?? []);
  prompter.attach(() => ({ stdout: stdout.text(), stderr: stderr.text() }));
  let stray = '';
  const spies = [
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void (stray += `${a.map(String).join(' ')}\n`)),
    ),
    ...[process.stdout, process.stderr].map((s) =>
      vi.spyOn(s, 'write').mockImplementation((chunk: string | Uint8Array) => ((stray += String(chunk)), true)),
    ),
  ];
  let code: number;
  const home = process.cwd();
  if (opts.cwd) process.chdir(opts.cwd);
  try {
    code = await main(['node', 'sessionctl', ...args], streams, cliEnv(opts.env), { prompter, clock: opts.clock, openDatabase: openKept });
    // Let the streams deliver what was written before reading them.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    if (opts.cwd) process.chdir(home);
    for (const spy of spies) spy.mockRestore();
  }
  const result = { code, stdout: stdout.text(), stderr: stderr.text(), stray, prompter };
  try {
    prompter.assertDone();
  } catch (err) {
    (err as Error).message += `\nexit ${code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
    throw err;
  }
  return result;
}

/** stdout as the one JSON document it must be under --json (fails the test otherwise). */
export function jsonOf<T = Record<string, unknown>>(r: { code: number | null; stdout: string; stderr: string }): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${r.code}):\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
  }
}
