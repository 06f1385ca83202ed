// Reading the whole audit trail for `audit verify`: pages by id, each asked for before the previous
// one is hashed, so that SQLite (in its own thread) or the PostgreSQL server reads while we hash.
import type { Db } from './connection.js';
import { ChainVerifier, type ChainReport } from './audit-chain.js';
import { selectRows } from './json-rows.js';

const COLUMNS = ['id', 'at', 'actor', 'action', 'session_id', 'detail', 'prev_hash', 'hash'] as const;
const PAGE = 20_000;

async function page(db: Db, after: number): Promise<Record<string, unknown>[]> {
  const qb = db.knex('audit_log').select(COLUMNS).where('id', '>', after).orderBy('id').limit(PAGE);
  const rows = await selectRows<Record<string, unknown>>(db, db.knex, qb, COLUMNS);
  // selectRows promises no order on SQLite; ids are unique.
  return db.engine === 'sqlite' ? rows.sort((a, b) => Number(a.id) - Number(b.id)) : rows;
}

export async function verifyAudit(
  db: Db,
  head?: { id: number; hash: string },
  onProgress?: (checked: number) => void,
): Promise<ChainReport> {
  const verifier = new ChainVerifier(head);
  let checked = 0;
  let next = page(db, 0);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) break;
    const lastId = Number(rows[rows.length - 1]?.id);
    next = rows.length < PAGE ? Promise.resolve([]) : page(db, lastId);
    for (const r of rows) verifier.push(r);
    checked += rows.length;
    onProgress?.(checked);
  }
  return verifier.finish();
}
