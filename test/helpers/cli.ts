// Runs the BUILT command-line tool (bin/sessionctl.js → dist/) as a user or a script would: a real
// process, with a pinned clock, no colour, and none of the caller's SESSIONCTL_* settings.
// Build first: `npx tsc -p tsconfig.build.json` (npm test does).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CLI_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_BIN = fileURLToPath(new URL('../../bin/sessionctl.js', import.meta.url));
export const CLI_NOW = '2026-11-27T12:00:00Z';
const BUILT = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to (or, when undefined, removed from) the clean environment. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. */
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

/** The environment every run gets: the caller's minus SESSIONCTL_* and colour, plus a fixed clock and actor. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('SESSIONCTL_') && k !== 'FORCE_COLOR' && k !== 'NO_COLOR') env[k] = v;
  }
  Object.assign(env, { SESSIONCTL_NOW: CLI_NOW, SESSIONCTL_ACTOR: 'cli-test', NO_COLOR: '1' });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  if (!existsSync(BUILT)) {
    throw new Error(`The CLI is not built (${BUILT} is missing): run \`npx tsc -p tsconfig.build.json\` first.`);
  }
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: opts.cwd ?? CLI_ROOT,
    env: cleanEnv(opts.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdin.end(opts.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** stdout as the one JSON document it must be under --json (fails the test otherwise). */
export function jsonOf<T = Record<string, unknown>>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${r.code}):\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
  }
}
