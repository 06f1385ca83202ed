import type { OutcomeResult } from './types.js';

// Errors that carry their exit status (CONTRACT §3). Anything else that escapes is a failure (1).

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** What to do next, printed on its own line. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input or a missing answer: exit 2, nothing changed. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}

/** Something could not be done (no such session, database unavailable): exit 1. */
export class FailError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, 1, hint);
  }
}

/**
 * Ctrl-C (SIGINT) or SIGTERM during a bulk change: the batches committed so far stand, their results
 * are reported, the rest was not attempted. Exit 130.
 */
export class InterruptedBatchError extends CliError {
  constructor(
    /** Outcomes of the batches that were committed. */
    readonly results: OutcomeResult[],
    /** Sessions not attempted. */
    readonly notAttempted: number,
  ) {
    super(`Interrupted: ${results.length} session(s) processed and committed; ${notAttempted} not attempted.`, 130);
  }
}

