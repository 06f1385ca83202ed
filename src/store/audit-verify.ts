// Reading the whole audit trail for `audit verify`, in pages by id, each asked for before the
// previous one is hashed, so that SQLite (in its own thread) or the PostgreSQL server reads while
// we hash; memory holds two pages at most.
//
// On SQLite each page comes as one BLOB: per row, SQLite's own json_array of the hashed columns
// (the same text as JSON.stringify writes for them: compact, the same escapes) and the stored hash.
// node-sqlite3 converts values one N-API call at a time; for 1M rows of eight columns that cost
// about five times the CPU of the hashing, and a JSON.stringify per row as much again. Measured on
// 1M entries of ~700 bytes: 33.7 s of CPU as rows, 6.6 s as byte pages (the sqlite3 shell printing
// the same rows: 2.2 s). Any row that does not match on this path (altered, unlinked, no hash, odd values) sends
// its page down the exact path, rows as the writer's own code reads them, which alone decides.
//
// SQLite builds those pages on two connections at once (the main one and the query-only reader),
// each page an exact range of ids found first from the primary key alone, on the connection that
// then reads it (on the other one, that look-up queued behind a page being built): json_array over
// every row is most of the work, and with one connection the hashing waited on it. Measured on 1M
// entries: 11.2 s in one pipeline (the bench's median), against the sqlite3 shell's 3.2 s.
import type { Knex } from 'knex';
import type { Db } from './connection.js';
import { ChainVerifier, sha256Hex, type ChainReport, type IntactRun } from './audit-chain.js';

const COLUMNS = ['id', 'at', 'actor', 'action', 'session_id', 'detail', 'prev_hash', 'hash'] as const;
// 3,000 rows (about 3 MB of text) per page: as fast as 5,000 on 1M entries and 30 MB less at peak.
const PAGE = 3_000;

async function rowsPage(db: Db, after: number, upTo?: number): Promise<Record<string, unknown>[]> {
  const qb = db.knex('audit_log').select(COLUMNS).where('id', '>', after).orderBy('id').limit(PAGE);
  if (upTo !== undefined) qb.where('id', '<=', upTo);
  return (await qb) as Record<string, unknown>[];
}

// A hash that is not 64 characters, or holds a newline, is left out here (the exact path reports it),
// so that the newline between rows cannot occur inside one (json_array escapes it elsewhere); any
// other character that is not lowercase hex cannot match the computed hash, which sends the page
// down the exact path as well. (A GLOB for 'hex digits only' was a tenth of the run's CPU.) As a
// BLOB, the page reaches us as bytes: no UTF-16 string of it is ever made, and each row is hashed
// in place.
const BYTES_PAGE = `SELECT CAST(group_concat(
    json_array(id, at, actor, action, session_id, detail, prev_hash) || char(9) ||
      CASE WHEN length(hash) = 64 AND instr(hash, char(10)) = 0 THEN hash ELSE '' END,
    char(10)) AS BLOB) AS page
  FROM (SELECT * FROM audit_log WHERE id > ? AND id <= ? ORDER BY id)`;

/** Where the page after `after` ends: PAGE ids on, or the last id; from the primary key alone. */
const PAGE_END = `SELECT coalesce(
    (SELECT id FROM audit_log WHERE id > ? ORDER BY id LIMIT 1 OFFSET ${PAGE - 1}),
    (SELECT max(id) FROM audit_log WHERE id > ?)) AS id`;

async function pageEnd(k: Knex, after: number): Promise<number | null> {
  const [row] = (await k.raw(PAGE_END, [after, after])) as Array<{ id: number | null }>;
  return row?.id == null ? null : Number(row.id);
}

const TAB = 9;
const NEWLINE = 10;
const QUOTE = 34;
const COMMA = 44;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const RIGHT_BRACKET = 93;

async function bytesPage(k: Knex, after: number, upTo: number): Promise<Buffer> {
  const [row] = (await k.raw(BYTES_PAGE, [after, upTo])) as Array<{ page: Buffer | null }>;
  return row?.page ?? Buffer.alloc(0);
}

/** Where each row's computed hash is written as hex, to be compared with the stored one in place. */
const digest = Buffer.alloc(64);

/**
 * The page's rows as one run if every one matches its own hash and links to the row before, in
 * ascending ids; null sends the page down the exact path, which alone reports what is wrong. Nothing
 * per row is kept: the hashes are compared as bytes where they lie. (group_concat keeps the
 * subquery's id order in practice, though SQLite promises none; rows out of order go the exact way.)
 */
function intactRun(bytes: Buffer, headId: number | undefined): IntactRun | null {
  let count = 0;
  let firstId = 0;
  let firstPrev = '';
  let lastId = 0;
  let lastHashAt = -1;
  let headHash: string | null = null;
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    // The line opens with "[<id>," (the integer primary key) and its text ends with the prev_hash,
    // ,"<64 hex>"] (a quote inside a JSON string is escaped, so the comma and quote around the 64
    // characters are the separator and the string's own quote), then a tab and the stored hash.
    let id = 0;
    let at = start + 1;
    for (let c = bytes[at] ?? 0; c >= DIGIT_0 && c <= DIGIT_9; c = bytes[++at] ?? 0) id = id * 10 + (c - DIGIT_0);
    const tab = bytes.lastIndexOf(TAB, end);
    if (bytes[at] !== COMMA || at === start + 1 || at - start > 16 || id <= lastId) return null;
    if (end - tab !== 65 || bytes[tab - 1] !== RIGHT_BRACKET || bytes[tab - 2] !== QUOTE || bytes[tab - 67] !== QUOTE || bytes[tab - 68] !== COMMA) return null;
    digest.write(sha256Hex(bytes.subarray(start, tab)), 'latin1');
    if (digest.compare(bytes, tab + 1, end) !== 0) return null;
    if (count === 0) {
      firstId = id;
      firstPrev = bytes.toString('latin1', tab - 66, tab - 2);
    } else if (bytes.compare(bytes, lastHashAt, lastHashAt + 64, tab - 66, tab - 2) !== 0) return null;
    if (id === headId) headHash = bytes.toString('latin1', tab + 1, end);
    count += 1;
    lastId = id;
    lastHashAt = tab + 1;
    start = end + 1;
  }
  if (count === 0) return null;
  return { count, firstId, firstPrev, lastId, lastHash: bytes.toString('latin1', lastHashAt, lastHashAt + 64), headHash };
}

export async function verifyAudit(
  db: Db,
  head?: { id: number; hash: string },
  onProgress?: (checked: number) => void,
): Promise<ChainReport> {
  const verifier = new ChainVerifier(head);
  let checked = 0;
  let after = 0;
  if (db.engine === 'sqlite') {
    const connections = [db.knex, db.reader()];
    let turn = 0;
    let last = 0;
    // The next range's page, on the connections in turn; null after the last id.
    const nextPage = async (): Promise<{ after: number; upTo: number; page: Promise<Buffer> } | null> => {
      const k = connections[turn++ % 2]!;
      const upTo = await pageEnd(k, last);
      if (upTo === null) return null;
      const range = { after: last, upTo, page: bytesPage(k, last, upTo) };
      range.page.catch(() => undefined); // awaited below, in order
      last = upTo;
      return range;
    };
    // Two pages in flight, one on each connection, while the one before is hashed.
    const inFlight = [await nextPage(), await nextPage()];
    for (let range = inFlight.shift(); range; range = inFlight.shift()) {
      const page = await range.page;
      inFlight.push(await nextPage());
      const run = intactRun(page, head?.id);
      if (run) {
        verifier.pushIntactRun(run);
        checked += run.count;
      } else {
        const rows = await rowsPage(db, range.after, range.upTo);
        for (const r of rows) verifier.push(r);
        checked += rows.length;
      }
      onProgress?.(checked);
    }
    return verifier.finish();
  }
  let next = rowsPage(db, after);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1]?.id);
    next = rows.length < PAGE ? Promise.resolve([]) : rowsPage(db, after);
    for (const r of rows) verifier.push(r);
    checked += rows.length;
    onProgress?.(checked);
  }
  return verifier.finish();
}
