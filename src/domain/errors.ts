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
