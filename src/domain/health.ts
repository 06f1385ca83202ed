// What `sessionctl doctor` finds, as plain data: one entry per check, in the order they ran.

export type CheckStatus = 'ok' | 'problem' | 'skipped';

export interface HealthCheck {
  /** Stable name for scripts: database, schema, integrity, foreign-keys, audit-chain, duplicates, addenda, inactive-providers, wal. */
  id: string;
  title: string;
  status: CheckStatus;
  /** One line: what was found. */
  summary: string;
  /** More lines when there is more to say (which rows, which tables). */
  details: string[];
  /** For a problem: the commands (or steps) that deal with it, most useful first. */
  remedy: string[];
}
