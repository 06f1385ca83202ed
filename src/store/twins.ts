// Same-slot sessions: other sessions, not cancelled, with the same patient, provider, date and start
// time. They are what a revert or a restore would duplicate, and what tells an administrator that a
// session was probably entered twice. Served by the duplicate index (patient, date, time, provider).
import type { Knex } from 'knex';
import type { Queryable } from './queryable.js';
import type { Db } from './connection.js';
import { whereIdIn } from './sessions.js';


export interface Slot {
  patientId: number;
  providerId: number;
  date: string;
  start: string;
}

/** For each of these sessions, the ids of its not-cancelled twins, ascending (absent: none). */
export async function twinsOf(db: Db, ids: readonly number[], q: Queryable = db.knex): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (ids.length === 0) return map;
  const qb = q('sessions as s')
    .join('sessions as t', function () {
      this.on('t.patient_id', 's.patient_id')
        .andOn('t.scheduled_date', 's.scheduled_date')
        .andOn('t.start_time', 's.start_time')
        .andOn('t.provider_id', 's.provider_id')
        .andOn('t.id', '<>', 's.id');
    })
    .select('s.id as id', 't.id as twin')
    .whereRaw("t.status <> 'cancelled'")
    .orderBy([{ column: 's.id' }, { column: 't.id' }]);
  const rows = (await whereIdIn(db, qb, 's.id', ids)) as Array<{ id: number; twin: number }>;
  for (const r of rows) {
    const id = Number(r.id);
    map.set(id, [...(map.get(id) ?? []), Number(r.twin)]);
  }
  return map;
}

/** The not-cancelled sessions in a slot, other than `exceptId`, ascending. */
export async function sessionsInSlot(q: Queryable, slot: Slot, exceptId: number): Promise<number[]> {
  const rows = (await q('sessions')
    .select('id')
    .where({ patient_id: slot.patientId, scheduled_date: slot.date, start_time: slot.start, provider_id: slot.providerId })
    .whereNot('id', exceptId)
    .whereRaw("status <> 'cancelled'")
    .orderBy('id')) as Array<{ id: number }>;
  return rows.map((r) => Number(r.id));
}

/**
 * Serialises our own writers that may put a live session into a slot (revert, restore): on
 * PostgreSQL an advisory lock per slot for the rest of the transaction, taken in a fixed order; on
 * SQLite the write transaction already holds the database's one writer lock.
 */
export async function lockSlots(db: Db, trx: Knex.Transaction, slots: readonly Slot[]): Promise<void> {
  if (db.engine !== 'pg' || slots.length === 0) return;
  const keys = [...new Set(slots.map((s) => `slot:${s.patientId}:${s.providerId}:${s.date}:${s.start}`))].sort();
  for (const key of keys) await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [key]);
}
