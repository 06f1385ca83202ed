// Opening the database: SQLite (embedded default) or PostgreSQL, read-write or read-only.
import { closeSync, constants, existsSync, fchmodSync, lstatSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Engine } from '../domain/types.js';
import { FailError } from '../domain/errors.js';
import { DEMO_FILE, parseDbSpec, type DbSpec } from './spec.js';
import { enforceReadOnly, type PgConnection as PgConnectionQuery } from './pg-read-only.js';

export interface Db {
  knex: Knex;
  engine: Engine;
  readOnly: boolean;
  /** Where the database is, safe to print. */
  label: string;
  /** The SQLite file, when this run created it: a failure before it holds anything removes it. */
  created: string | null;
  /**
   * A connection for reads that run beside those on `knex`, so that one query can use the second
   * core while another runs. SQLite: a second, query-only connection, opened on first use (the
   * first holds the one writer's lock and runs one statement at a time). PostgreSQL: the pool.
   */
  reader(): Knex;
  close(): Promise<void>;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Create an empty SQLite file (mode 0600) when none exists. Only `db migrate` and `demo` do. */
  create?: boolean;
  /** Milliseconds a SQLite writer waits for another's lock. */
  busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

// knex logs pool and migration failures with console.log: on stdout (breaking --json) and with a
// stack trace. The same errors reach the caller, which reports them in one line.
const QUIET_LOG = { warn() {}, error() {}, deprecate() {}, debug() {} };

export function busyTimeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.SESSIONCTL_BUSY_TIMEOUT_MS;
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_BUSY_TIMEOUT_MS;
}

type SqliteConnection = { run(sql: string, cb: (err: Error | null) => void): void };

function runAll(conn: SqliteConnection, statements: string[], done: (err: Error | null) => void): void {
  const [first, ...rest] = statements;
  if (first === undefined) return done(null);
  conn.run(first, (err) => (err ? done(err) : runAll(conn, rest, done)));
}

// A file URI so that `mode=ro` makes SQLite itself refuse every write on this connection.
function sqliteReadOnlyUri(path: string): string {
  const abs = resolve(path).replace(/[%?#]/g, (c) => encodeURIComponent(c));
  return `file:${abs}?mode=ro`;
}

/** lstat that says "nothing there" instead of throwing. */
function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/**
 * A new SQLite file, private to its owner from the first byte: exclusive creation (O_EXCL, which
 * never follows a symbolic link, dangling or not), then mode 0600 set explicitly, because the umask
 * may have taken the owner's own write bit (umask 0277 would leave a file SQLite cannot write).
 */
export function createPrivateFile(path: string): void {
  const fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    fchmodSync(fd, 0o600);
  } finally {
    closeSync(fd);
  }
}

function openSqlite(spec: DbSpec, opts: OpenOptions): Db {
  const path = spec.target;
  const folder = dirname(resolve(path));
  const link = lstatOrNull(path);
  let created: string | null = null;
  if (link?.isSymbolicLink() && !existsSync(path)) {
    throw new FailError(`${path} is a symbolic link to nothing; sessionctl does not create a database through a link.`, 'Remove the link or give another path.');
  }
  if (!link) {
    if (!existsSync(folder)) {
      throw new FailError(`The folder ${dirname(path)} does not exist, so there is no database at ${path}.`, 'Check the path, or create the folder first.');
    }
    if (!opts.create || opts.readOnly) {
      // Right after `sessionctl demo`, the likeliest file meant is the demo's.
      const demoHint = existsSync(DEMO_FILE) && resolve(path) !== resolve(DEMO_FILE)
        ? `The demo database is ${DEMO_FILE}: add \`--db ${DEMO_FILE}\` (or set SESSIONCTL_DB). `
        : '';
      throw new FailError(
        `No database at ${path}.`,
        `${demoHint}Create one with \`sessionctl db migrate --db ${path}\`, or make the demo with \`sessionctl demo\`.`,
      );
    }
    try {
      createPrivateFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        throw new FailError(`Cannot create ${path}: the folder ${dirname(path)} is not writable (${code}).`, 'Choose a folder you can write to.');
      }
      if (code === 'EEXIST' || code === 'ELOOP') {
        throw new FailError(`${path} appeared while it was being created; nothing was written to it.`, 'Run the command again.');
      }
      throw err;
    }
    created = path;
  } else if (statSync(path).isDirectory()) {
    throw new FailError(`${path} is a directory, not a database file.`);
  }
  const readOnly = opts.readOnly ?? false;
  const busy = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const pragmas = [`PRAGMA busy_timeout = ${busy}`, 'PRAGMA foreign_keys = ON'];
  if (readOnly) pragmas.push('PRAGMA query_only = ON');
  else pragmas.push('PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL');

  const connect = (settings: string[], filename: string | { filename: string; flags: string[] }) =>
    knexFactory({
      client: 'sqlite3',
      connection: typeof filename === 'string' ? { filename } : filename,
      useNullAsDefault: true,
      log: QUIET_LOG,
      // One connection: SQLite has one writer anyway, and PRAGMAs must reach every pooled connection.
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) =>
          runAll(conn, settings, (err) => done(err, conn)),
      },
    });
  const file = readOnly ? { filename: sqliteReadOnlyUri(path), flags: ['OPEN_URI'] } : path;
  const knex = connect(pragmas, file);
  let reader: Knex | null = null;
  return {
    knex,
    engine: 'sqlite',
    readOnly,
    label: spec.label,
    created,
    reader: () => (reader ??= connect([`PRAGMA busy_timeout = ${busy}`, 'PRAGMA query_only = ON'], file)),
    close: async () => {
      await reader?.destroy();
      await knex.destroy();
    },
  };
}

function openPg(spec: DbSpec, opts: OpenOptions): Db {
  const readOnly = opts.readOnly ?? false;
  type PgConnection = { query(sql: string, cb: (err: Error | null) => void): void };
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString: spec.target, application_name: 'sessionctl' },
    searchPath: spec.schema ? [spec.schema] : undefined,
    acquireConnectionTimeout: 10000,
    log: QUIET_LOG,
    pool: {
      min: 0,
      max: 4,
      afterCreate: (conn: PgConnection, done: (err: Error | null, conn: unknown) => void) => {
        // The tables stay cached: at the default cost of a random read (4) the planner hash-joins a
        // scan of every patient for a day's 400 sessions (28.8 ms instead of 5.9 ms on 1M sessions).
        const settings = ['SET random_page_cost = 1.1'];
        // The server itself refuses writes: the session's default, and (enforceReadOnly) every
        // statement in a transaction begun READ ONLY, which no later SET can lift.
        if (readOnly) settings.push('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
        conn.query(settings.join('; '), (err) => {
          if (!err && readOnly) enforceReadOnly(conn as unknown as PgConnectionQuery);
          done(err, conn);
        });
      },
    },
  });
  return { knex, engine: 'pg', readOnly, label: spec.label, created: null, reader: () => knex, close: () => knex.destroy() };
}

export function openDatabase(raw: string, opts: OpenOptions = {}): Db {
  const spec = parseDbSpec(raw);
  return spec.engine === 'pg' ? openPg(spec, opts) : openSqlite(spec, opts);
}
