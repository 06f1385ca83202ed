// The rows behind one session's facts, for `explain`: what support staff need to see to answer
// "why can't I delete this?" (payer, date and status of each claim, each payment, and so on).
import type { Queryable } from './queryable.js';
import type { NoteStatus } from '../domain/types.js';
import type { Db } from './connection.js';


export interface ClaimDetail {
  id: number;
  payer: string;
  billedAt: string;
  status: string;
}

export interface PaymentDetail {
  id: number;
  amountCents: number;
  method: string;
  postedAt: string;
}

export interface AdjustmentDetail {
  id: number;
  amountCents: number;
  reason: string;
  postedAt: string;
}

export interface NoteDetail {
  id: number;
  status: NoteStatus;
  finalizedAt: string | null;
}

export interface ChargeDetail {
  id: number;
  cptCode: string;
  units: number;
  amountCents: number;
}

export interface FactDetails {
  claims: ClaimDetail[];
  payments: PaymentDetail[];
  adjustments: AdjustmentDetail[];
  notes: NoteDetail[];
  charges: ChargeDetail[];
}

type Row = Record<string, unknown>;

const rowsFor = (q: Queryable, table: string, sessionId: number, columns: string[]): Promise<Row[]> =>
  q(table).select(columns).where('session_id', sessionId).orderBy('id');

export async function factDetails(db: Db, sessionId: number, q: Queryable = db.knex): Promise<FactDetails> {
  const [claims, payments, adjustments, notes, charges] = await Promise.all([
    rowsFor(q, 'claims', sessionId, ['id', 'payer', 'billed_at', 'status']),
    rowsFor(q, 'payments', sessionId, ['id', 'amount_cents', 'method', 'posted_at']),
    rowsFor(q, 'adjustments', sessionId, ['id', 'amount_cents', 'reason', 'posted_at']),
    rowsFor(q, 'notes', sessionId, ['id', 'status', 'finalized_at']),
    rowsFor(q, 'charges', sessionId, ['id', 'cpt_code', 'units', 'amount_cents']),
  ]);
  return {
    claims: claims.map((r) => ({
      id: Number(r.id),
      payer: String(r.payer),
      billedAt: String(r.billed_at),
      status: String(r.status),
    })),
    payments: payments.map((r) => ({
      id: Number(r.id),
      amountCents: Number(r.amount_cents),
      method: String(r.method),
      postedAt: String(r.posted_at),
    })),
    adjustments: adjustments.map((r) => ({
      id: Number(r.id),
      amountCents: Number(r.amount_cents),
      reason: String(r.reason),
      postedAt: String(r.posted_at),
    })),
    notes: notes.map((r) => ({
      id: Number(r.id),
      status: r.status as NoteStatus,
      finalizedAt: r.finalized_at === null ? null : String(r.finalized_at),
    })),
    charges: charges.map((r) => ({
      id: Number(r.id),
      cptCode: String(r.cpt_code),
      units: Number(r.units),
      amountCents: Number(r.amount_cents),
    })),
  };
}
