// What every batch of changes needs when other programs write the same tables at the same time:
// the whole transaction again after a deadlock or a serialization failure (bounded), and one item
// at a time in a savepoint, so that one item the database refuses never aborts the rest.
import type { Knex } from 'knex';

/** Attempts of one transaction in all: the first and up to four more after a deadlock. */
export const MAX_ATTEMPTS = 5;

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
}

/** PostgreSQL chose this transaction as a deadlock's victim, or could not serialize it: run it again. */
export function isRetryable(err: unknown): boolean {
  const code = (err as DriverError | null)?.code;
  return code === '40P01' || code === '40001';
}

/** A foreign key refused the change: a row that the code did not know of still points at the one changed. */
export function isForeignKeyViolation(err: unknown): boolean {
  const e = (err ?? {}) as DriverError;
  if (e.code === '23503') return true;
  return e.code === 'SQLITE_CONSTRAINT' && /FOREIGN KEY/i.test(String(e.message ?? ''));
}

/**
 * `work` (a whole transaction) again while the database says to retry it, at most `attempts` times.
 * The retries start at once: the victim's locks are gone, so the other transaction can finish.
 */
export async function retrying<T>(work: () => Promise<T>, attempts = MAX_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (err) {
      if (!isRetryable(err) || attempt >= attempts) throw err;
    }
  }
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * `work` in a savepoint of `trx`: on failure its changes are undone and the transaction stays usable
 * (PostgreSQL would otherwise refuse every later statement of it). Errors that must end the whole
 * transaction (a deadlock, a lost connection) are thrown, not returned.
 */
export async function inSavepoint<T>(trx: Knex.Transaction, work: (sp: Knex.Transaction) => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await trx.transaction(work) };
  } catch (error) {
    if (isRetryable(error)) throw error;
    return { ok: false, error };
  }
}
