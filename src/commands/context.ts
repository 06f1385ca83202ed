// What every command receives: options, streams, the clock, and the database opened on demand.
import { userInfo } from 'node:os';
import type { Db, OpenOptions } from '../store/connection.js';
import { Output, type Streams } from '../ui/output.js';
import { terminalPrompter, type Prompter } from '../ui/prompter.js';
import { UsageError } from '../domain/errors.js';
import type { OutcomeResult } from '../domain/types.js';
import { DEFAULT_DB } from '../store/spec.js';
import { shorten } from './parse.js';
import { hasControl } from '../ui/visible.js';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
  input?: boolean;
  yes?: boolean;
  actor?: string;
  readOnly?: boolean;
  debug?: boolean;
}

export interface OpenDbOptions {
  /** Create the SQLite file when missing (db migrate, demo). */
  create?: boolean;
  /** Skip the schema check (db migrate, db status). */
  anySchema?: boolean;
  /** Override the database location (demo). */
  location?: string;
}

/** What a test (or an embedding program) may put in place of the terminal and the real clock. */
export interface Injected {
  prompter?: Prompter;
  clock?: () => Date;
  /**
   * Opens the database in place of openDatabase: the in-process test harness lends a test's runs
   * the PostgreSQL connections its earlier runs opened (a new one costs the server 20-30 ms of CPU).
   */
  openDatabase?: (location: string, opts: OpenOptions) => Db;
}

export interface Context {
  readonly out: Output;
  readonly streams: Streams;
  readonly env: NodeJS.ProcessEnv;
  readonly json: boolean;
  readonly yes: boolean;
  readonly noInput: boolean;
  readonly readOnly: boolean;
  readonly actor: string;
  readonly dbLocation: string;
  /** --db as given on the command line, when it was. */
  readonly dbFlag: string | undefined;
  /** Prompts are allowed: stdin and stdout are terminals and neither --json nor --no-input was given. */
  readonly interactive: boolean;
  /** Every question asked goes through this: Esc/q leave, Ctrl-C is exit 130, everywhere alike. */
  readonly prompt: Prompter;
  /** The outcomes of the changes made so far in this run's screens: an interruption says they stand. */
  readonly changes: OutcomeResult[];
  now(): Date;
  /**
   * For a bulk change: aborted when the process receives SIGINT or SIGTERM, so that it stops between
   * batches and reports what it committed. Until a command asks for it, a signal ends the process.
   */
  interruptible(): AbortSignal;
  openDb(options?: OpenDbOptions): Promise<Db>;
  close(): Promise<void>;
}

function defaultActor(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? 'unknown';
  }
}

/** SESSIONCTL_NOW pins the clock (tests, reproducible demos); otherwise the real time. */
function clockFrom(env: NodeJS.ProcessEnv): () => Date {
  const fixed = env.SESSIONCTL_NOW;
  if (!fixed) return () => new Date();
  // A date alone is the start of that day where the practice is, not midnight UTC (which is the
  // evening before in America). The practice's zone is the machine's until a time_zone setting exists.
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fixed.trim());
  const d = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(fixed);
  if (Number.isNaN(d.getTime())) throw new UsageError(`SESSIONCTL_NOW is not a date-time: "${fixed}".`);
  return () => new Date(d);
}

/**
 * SESSIONCTL_READ_ONLY fails closed: only an unmistakable "no" leaves the database writable, and a
 * value that is neither yes nor no stops the run before anything is opened.
 */
export function readOnlyFromEnv(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(v)) return false;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  throw new UsageError(
    `SESSIONCTL_READ_ONLY must be 1, true, yes or on (read-only), or 0, false, no, off or empty (writable); got "${shorten(value ?? '')}".`,
    'Nothing was opened or changed.',
  );
}

export function createContext(
  opts: GlobalOptions,
  streams: Streams,
  env: NodeJS.ProcessEnv,
  injected: Injected = {},
  interrupts: { signal: AbortSignal; claim(): void } = { signal: new AbortController().signal, claim() {} },
): Context {
  const json = Boolean(opts.json);
  const noInput = opts.input === false;
  // Read even when --read-only is given: a malformed value is an error whatever the flags.
  const readOnly = readOnlyFromEnv(env.SESSIONCTL_READ_ONLY) || Boolean(opts.readOnly);
  const actor = (opts.actor ?? env.SESSIONCTL_ACTOR ?? '').trim() || defaultActor(env);
  if (actor.length > 200) throw new UsageError('--actor is longer than 200 characters.');
  // The audit log's "who": a terminal escape or a newline in it would forge lines in audit show.
  if (hasControl(actor)) throw new UsageError('--actor (or SESSIONCTL_ACTOR) contains control characters.', 'Give a plain name.');
  const dbLocation = opts.db ?? env.SESSIONCTL_DB ?? DEFAULT_DB;
  const now = injected.clock ?? clockFrom(env);
  // stdin last: it is only looked at (and so created) when a prompt is possible at all.
  const interactive = !json && !noInput && Boolean(streams.stdout.isTTY) && Boolean(streams.stdin.isTTY);
  const opened: Db[] = [];

  return {
    out: new Output(streams, env),
    streams,
    env,
    json,
    yes: Boolean(opts.yes),
    noInput,
    readOnly,
    actor,
    dbLocation,
    dbFlag: opts.db,
    interactive,
    prompt: injected.prompter ?? terminalPrompter(streams),
    changes: [],
    now,
    interruptible() {
      interrupts.claim();
      return interrupts.signal;
    },
    async openDb(o: OpenDbOptions = {}) {
      // Loaded here, not at start-up: --help and --version never pay for a database driver.
      const { openDatabase, busyTimeoutFromEnv } = await import('../store/connection.js');
      const { requireCurrentSchema } = await import('../store/schema.js');
      const db = (injected.openDatabase ?? openDatabase)(o.location ?? dbLocation, {
        readOnly,
        create: o.create,
        busyTimeoutMs: busyTimeoutFromEnv(env),
      });
      opened.push(db);
      if (!o.anySchema) await requireCurrentSchema(db);
      return db;
    },
    async close() {
      await Promise.allSettled(opened.splice(0).map((db) => db.close()));
    },
  };
}
