// Changes refused before they start when the database was opened read-only.
import { UsageError } from '../domain/errors.js';
import type { Db } from '../store/connection.js';

/** A usage error (exit 2, nothing changed) that names the change and how to make it. */
export function requireWritable(db: Pick<Db, 'readOnly'>, what: string): void {
  if (!db.readOnly) return;
  throw new UsageError(
    `${what} changes the database, but it is open read-only; nothing was changed.`,
    'Run the command again without --read-only (and without SESSIONCTL_READ_ONLY=1).',
  );
}
