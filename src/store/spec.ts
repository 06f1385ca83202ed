// Reading --db / SESSIONCTL_DB: which engine, where, and how to print it without a password.
import type { Engine } from '../domain/types.js';
import { UsageError } from '../domain/errors.js';
import { maskOneUrl, maskUrl } from '../domain/secrets.js';

export interface DbSpec {
  engine: Engine;
  /** SQLite: the file path. PostgreSQL: the connection URL without our own `schema` parameter. */
  target: string;
  /** PostgreSQL schema to use (our `?schema=` extension), when given. */
  schema?: string;
  /** Safe to print: passwords replaced by ***. */
  label: string;
}

export const DEFAULT_DB = './sessionctl.db';
/** Where `sessionctl demo` writes unless --db says otherwise. */
export const DEMO_FILE = './sessionctl-demo.db';

export { maskUrl } from '../domain/secrets.js';

const SUPPORTED = 'a SQLite file path (or sqlite:path) or a postgres:// / postgresql:// URL';

export function parseDbSpec(raw: string): DbSpec {
  const value = raw.trim();
  if (value === '') throw new UsageError('--db is empty.', 'Give a SQLite file path or a postgres:// URL.');
  if (/^postgres(ql)?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UsageError(`--db is not a valid PostgreSQL URL: ${maskUrl(value)}`);
    }
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new UsageError(`The schema in --db must be a plain identifier, not "${schema}".`);
    }
    return { engine: 'pg', target: url.toString(), schema, label: maskOneUrl(value) };
  }
  // Any other scheme (mysql://, sqlserver://, http://) would otherwise become a file of that name.
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (scheme && scheme[1]!.toLowerCase() !== 'sqlite') {
    throw new UsageError(`--db: ${scheme[1]}:// databases are not supported (${maskOneUrl(value)}).`, `Give ${SUPPORTED}.`);
  }
  // A libpq keyword string ("host=... dbname=..."): a URL is needed, and the string is not echoed.
  if (/(^|\s)(host|hostaddr|dbname|user|password|port|sslmode)\s*=/i.test(value)) {
    throw new UsageError('--db looks like a libpq keyword string; sessionctl takes a postgres:// URL.', `Give ${SUPPORTED}.`);
  }
  const path = value.replace(/^sqlite:(\/\/)?/i, '');
  if (path === '') throw new UsageError('--db names no file.', 'Give a SQLite file path, e.g. --db ./clinic.db.');
  return { engine: 'sqlite', target: path, label: path };
}
