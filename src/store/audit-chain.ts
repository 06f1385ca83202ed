// The audit trail's hash chain (CONTRACT §4.4), defined once: the writer (changes.ts), the migration
// that chained the rows already there, and `audit verify` all hash through chainHash.
import type * as Crypto from 'node:crypto';

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

let crypto: typeof Crypto | undefined;

/**
 * Lowercase hex SHA-256. node:crypto is loaded on first use: most commands never hash, and loading
 * it (with the sixteen modules it brings) took about 3 ms of every start.
 */
export function sha256Hex(data: string | Uint8Array): string {
  crypto ??= process.getBuiltinModule('node:crypto');
  return crypto.hash('sha256', data, 'hex');
}

/**
 * Lowercase hex SHA-256 of the UTF-8 of JSON.stringify([id, at, actor, action, session_id, detail,
 * prev_hash]): what a third party recomputes with a few lines of any language.
 */
export function chainHash(row: ChainFields, prevHash: string): string {
  return sha256Hex(JSON.stringify([row.id, row.at, row.actor, row.action, row.session_id, row.detail, prevHash]));
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

export type ChainProblemKind = 'altered' | 'broken-link' | 'missing-hash' | 'head-mismatch';

export interface ChainProblem {
  id: number;
  kind: ChainProblemKind;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  head: { id: number; hash: string | null } | null;
  problems: ChainProblem[];
  /** How many problems were found in all; `problems` keeps the first MAX_PROBLEMS. */
  problemCount: number;
}

/** Consecutive rows, each matching its hash and linked to the one before, as the fast path found them. */
export interface IntactRun {
  count: number;
  firstId: number;
  firstPrev: string;
  lastId: number;
  lastHash: string;
  /** The hash of the row whose id is the head's, when the head is one of these rows. */
  headHash: string | null;
}

/** Enough to say where the trail was touched without holding a million findings in memory. */
export const MAX_PROBLEMS = 1000;

/**
 * Checks rows fed to it in id order, one at a time, holding only the previous row's link: memory
 * stays flat however long the trail. `head` is a value written down earlier (`audit head`).
 */
export class ChainVerifier {
  private prevId: number | null = null;
  private expectedPrev = GENESIS;
  private entries = 0;
  private last: { id: number; hash: string | null } | null = null;
  private headSeen = false;
  private readonly problems: ChainProblem[] = [];
  private problemCount = 0;

  constructor(private readonly head?: { id: number; hash: string }) {}

  private report(id: number, kind: ChainProblemKind, message: string): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ id, kind, message });
  }

  push(r: Record<string, unknown>): void {
    const fields = chainFields(r);
    const stored = typeof r.hash === 'string' && r.hash !== '' ? r.hash : null;
    const storedPrev = typeof r.prev_hash === 'string' && r.prev_hash !== '' ? r.prev_hash : null;
    const id = fields.id;
    if (stored === null || storedPrev === null) {
      this.report(id, 'missing-hash', `Entry ${id} has no ${stored === null ? 'hash' : 'prev_hash'}: it was not written by sessionctl's chained writer.`);
    } else {
      this.checkLink(id, storedPrev);
      if (chainHash(fields, storedPrev) !== stored) {
        this.report(id, 'altered', `Entry ${id} was altered: its content no longer matches its hash.`);
      }
    }
    this.advance(id, stored, linkHash(r, this.expectedPrev));
  }

  /**
   * Rows that the caller has already found to match their hashes and each link to the one before
   * (the fast path of verify): only the first row's link is left to check, and the head if among them.
   */
  pushIntactRun(run: IntactRun): void {
    this.checkLink(run.firstId, run.firstPrev);
    if (this.head && run.headHash !== null) this.checkHead(this.head.id, run.headHash);
    this.expectedPrev = run.lastHash;
    this.prevId = run.lastId;
    this.last = { id: run.lastId, hash: run.lastHash };
    this.entries += run.count;
  }

  private checkLink(id: number, storedPrev: string): void {
    if (storedPrev === this.expectedPrev) return;
    const before = this.prevId === null ? 'the start of the trail' : `entry ${this.prevId}`;
    const gap = this.prevId !== null && id > this.prevId + 1 ? ` (ids ${this.prevId + 1}–${id - 1} are absent)` : '';
    this.report(id, 'broken-link', `Entry ${id} does not link to ${before}${gap}: an entry between them was removed, inserted or rewritten.`);
  }

  private checkHead(id: number, stored: string | null): void {
    if (!this.head || id !== this.head.id) return;
    this.headSeen = true;
    if (stored !== this.head.hash) {
      this.report(id, 'head-mismatch', `Entry ${id} has another hash than the head written down: the trail was rewritten from there or before.`);
    }
  }

  private advance(id: number, stored: string | null, link: string): void {
    this.checkHead(id, stored);
    this.expectedPrev = link;
    this.prevId = id;
    this.last = { id, hash: stored };
    this.entries += 1;
  }

  finish(): ChainReport {
    if (this.head && !this.headSeen) {
      this.report(this.head.id, 'head-mismatch', `Entry ${this.head.id}, the head written down, is gone: the trail was cut back or rewritten.`);
    }
    return {
      ok: this.problemCount === 0,
      entries: this.entries,
      head: this.last,
      problems: this.problems,
      problemCount: this.problemCount,
    };
  }
}
