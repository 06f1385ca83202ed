// The audit trail's hash chain (CONTRACT §4.4), defined once: the writer (changes.ts), the migration
// that chained the rows already there, and `audit verify` all hash through chainHash.
import { hash } from 'node:crypto';

/** The prev_hash of the first row. */
export const GENESIS = '0'.repeat(64);

/** The columns that the hash covers, as stored. */
export interface ChainFields {
  id: number;
  at: string;
  actor: string;
  action: string;
  session_id: number | null;
  /** The stored text, exactly. */
  detail: string;
}

/**
 * Lowercase hex SHA-256 of the UTF-8 of JSON.stringify([id, at, actor, action, session_id, detail,
 * prev_hash]): what a third party recomputes with a few lines of any language.
 */
export function chainHash(row: ChainFields, prevHash: string): string {
  return hash('sha256', JSON.stringify([row.id, row.at, row.actor, row.action, row.session_id, row.detail, prevHash]), 'hex');
}

/** A row as read back from either engine, its values as the hash takes them. */
export function chainFields(r: Record<string, unknown>): ChainFields {
  return {
    id: Number(r.id),
    at: String(r.at),
    actor: String(r.actor),
    action: String(r.action),
    session_id: r.session_id == null ? null : Number(r.session_id),
    detail: String(r.detail),
  };
}

/**
 * The hash that the next row links to: the row's own, or (a row that some other program wrote without
 * one) the hash it should have had, so that one foreign row is reported once and not as a break.
 */
export function linkHash(r: Record<string, unknown>, expectedPrev: string): string {
  if (typeof r.hash === 'string' && r.hash !== '') return r.hash;
  const prev = typeof r.prev_hash === 'string' && r.prev_hash !== '' ? r.prev_hash : expectedPrev;
  return chainHash(chainFields(r), prev);
}
