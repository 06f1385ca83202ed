// The older name of the harness's plain run: off a terminal, no prompts (see harness.ts).
import { run, type HarnessResult } from './harness.js';

export type InProcessResult = HarnessResult;

/** Runs `sessionctl ...args` off a terminal (no prompts), with the pinned clock of cliEnv(). */
export function runInProcess(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<InProcessResult> {
  return run(args, { env });
}
