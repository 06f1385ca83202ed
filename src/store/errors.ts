// Driver errors turned into one line that says what happened and what to do.
import { CliError, FailError } from '../domain/errors.js';
import { maskUrl } from './spec.js';

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
}

/**
 * `readOnly`: whether this run asked for a read-only database (--read-only, SESSIONCTL_READ_ONLY): a
 * refused write then means that; otherwise the file or the server refused it for its own reasons.
 */
export function describeDatabaseError(err: unknown, where: string, readOnly = false): CliError | null {
  if (err instanceof CliError) return err;
  const e = (err ?? {}) as DriverError;
  const message = maskUrl(String(e.message ?? err));
  const code = e.code ?? '';
  if (code === 'SQLITE_NOTADB' || /file is not a database/i.test(message)) {
    return new FailError(`${where} is not a sessionctl database (not a SQLite file).`, 'Check --db / SESSIONCTL_DB.');
  }
  if (code === 'SQLITE_CORRUPT' || /malformed/i.test(message)) {
    return new FailError(`The database at ${where} is damaged (malformed).`, 'Restore it from a backup.');
  }
  if (code === 'SQLITE_BUSY' || /database is locked/i.test(message)) {
    return new FailError(
      `The database at ${where} is locked by another program and stayed locked past the busy timeout.`,
      'Try again when the other program has finished (SESSIONCTL_BUSY_TIMEOUT_MS sets how long to wait).',
    );
  }
  if (code === 'SQLITE_READONLY' || /read-only|readonly/i.test(message)) {
    if (readOnly) return new FailError(`The database at ${where} refused a write: it is open read-only.`, 'Run without --read-only.');
    return new FailError(
      `The database file at ${where} cannot be written.`,
      'Check that you may write the file and its folder (SQLite writes its journal beside it).',
    );
  }
  if (code === 'SQLITE_CANTOPEN' || /unable to open database/i.test(message)) {
    return new FailError(`Cannot open the database at ${where}.`, 'Check that the file and its folder exist and are readable.');
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT') {
    return new FailError(`Cannot reach the PostgreSQL server for ${where} (${code}).`, 'Check that it is running and the URL is right.');
  }
  if (/Knex: Timeout acquiring a connection/i.test(message)) {
    return new FailError(`Timed out connecting to the database at ${where}.`, 'Check that the server is running and reachable.');
  }
  if (code === '3D000') return new FailError(`The PostgreSQL database in ${where} does not exist.`, 'Create it, then run `sessionctl db migrate`.');
  if (code === '28P01' || code === '28000') return new FailError(`PostgreSQL refused the login for ${where}.`, 'Check the user and password in the URL.');
  if (code === '25006') {
    return readOnly
      ? new FailError(`The database at ${where} refused a write: it is open read-only.`, 'Run without --read-only.')
      : new FailError(`The PostgreSQL server for ${where} refused a write: its transactions are read-only (a standby, or default_transaction_read_only).`, 'Connect to the primary server, or ask its administrator.');
  }
  if (code === '57014') return new FailError(`The database at ${where} cancelled a statement that ran too long.`);
  return null;
}
