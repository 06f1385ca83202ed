// Real processes of the built CLI (bin/sessionctl.js → dist/), for the tests whose subject is the
// binary itself: start-up and the bundle, signals and kills, concurrency between processes, EPIPE.
// Everything else runs in process (harness.ts). Run one to completion, start one to kill it, and know
// which commands this build has. Every run gets a pinned clock and no colour, and none inherits the
// caller's SESSIONCTL_* settings by accident. Build first (npm test does).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/sessionctl.js', import.meta.url));
export const NOW = '2026-11-27T12:00:00Z';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds from spawn to exit. */
  ms: number;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Killed with SIGKILL after this long (a hung process fails its test instead of the suite). */
  timeoutMs?: number;
  /** Written to stdin, which is then closed (without it, stdin is /dev/null). */
  input?: string;
}

export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SESSIONCTL_') && k !== 'FORCE_COLOR') env[k] = v;
  Object.assign(env, { SESSIONCTL_NOW: NOW, NO_COLOR: '1', SESSIONCTL_ACTOR: 'cli-test' });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Starts the CLI without waiting: for races and kills. */
export function startCli(args: readonly string[], opts: RunOptions = {}): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: cliEnv(opts.env),
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (opts.input !== undefined) child.stdin?.end(opts.input);
  return child;
}

/** Collects a started process's output and exit. */
export function finish(child: ChildProcess, timeoutMs = 60_000): Promise<RunResult> {
  const started = Date.now();
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export function runCli(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return finish(startCli(args, opts), opts.timeoutMs);
}

/** Resolves when the process has written `pattern` to stderr (or stdout). */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; saw: ${seen.slice(-500)}`)), timeoutMs);
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`exited before ${pattern}; saw: ${seen.slice(-500)}`));
    });
  });
}

/** A line of a Node.js stack trace: what a user must never see without --debug. */
export const STACK_LINE = /^\s+at (?:\S.* \()?(?:file:|node:|\/|\w:\\|<anonymous>)[^\n]*:\d+:\d+\)?$/m;
