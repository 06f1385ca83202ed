// Read-only on PostgreSQL that no statement on the connection can lift. A session default
// (SET SESSION CHARACTERISTICS, default_transaction_read_only) is undone by the next SET of it, and a
// URL's ?options=-c default_transaction_read_only=off starts lifted. So every statement runs inside a
// transaction opened READ ONLY, which has taken its snapshot (SELECT 1) before the statement runs:
// PostgreSQL refuses to make such a transaction read-write ("must be set before any query").

type Query = (...args: unknown[]) => unknown;
export interface PgConnection {
  query: Query;
}

const OPEN = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const CLOSE = /^\s*(COMMIT|END|ROLLBACK|ABORT)(\s+(WORK|TRANSACTION))?\s*;?\s*$/i;

function textOf(config: unknown): string {
  if (typeof config === 'string') return config;
  const text = (config as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '';
}

type Callback = (err: Error | null, result?: unknown) => void;

/**
 * Wraps `conn.query` so that each statement outside a transaction is sent as BEGIN READ ONLY;
 * SELECT 1; the statement; COMMIT, and each transaction knex opens begins READ ONLY in the same way.
 * knex always passes a callback; each step waits for the one before (pg@9 refuses queued queries).
 */
export function enforceReadOnly(conn: PgConnection): void {
  const send = conn.query.bind(conn) as Query;
  let inTransaction = false;
  conn.query = (config: unknown, ...rest: unknown[]) => {
    const cb = rest[rest.length - 1];
    // Not knex's way of calling (a stream, a promise): the session default still refuses writes.
    if (typeof cb !== 'function') return send(config, ...rest);
    const done = cb as Callback;
    const args = rest.slice(0, -1);
    const text = textOf(config);
    if (OPEN.test(text)) {
      inTransaction = true;
      return send('BEGIN READ ONLY; SELECT 1', done);
    }
    if (CLOSE.test(text)) inTransaction = false;
    if (inTransaction || CLOSE.test(text)) return send(config, ...rest);
    return send('BEGIN READ ONLY; SELECT 1', (err: Error | null) => {
      if (err) return done(err);
      send(config, ...args, (stmtErr: Error | null, result: unknown) => {
        // After a failed statement COMMIT ends the aborted transaction (as a rollback) without an error.
        send('COMMIT', (commitErr: Error | null) => done(stmtErr ?? commitErr ?? null, result));
      });
    });
  };
}
