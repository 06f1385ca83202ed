// Rows for tests, written with plain inserts as the practice application would write them.
import type { Db } from '../../src/store/connection.js';

export interface SessionSpec {
  date?: string;
  start?: string;
  status?: 'scheduled' | 'confirmed' | 'cancelled';
  patientId?: number;
  providerId?: number;
  locationId?: number | null;
  classId?: number | null;
  createdAt?: string;
  claims?: number;
  payments?: number;
  adjustments?: number;
  finalizedNotes?: number;
  draftNotes?: number;
  charges?: number;
}

export interface BaseIds {
  patients: number[];
  providers: number[];
  locations: number[];
  classes: Record<string, number>;
}

async function insertId(db: Db, table: string, row: Record<string, unknown>): Promise<number> {
  const [r] = await db.knex(table).insert(row).returning('id');
  return Number(typeof r === 'object' ? (r as { id: number }).id : r);
}

/** Two providers, two locations, three patients and the usual classes (one inactive). */
export async function baseData(db: Db): Promise<BaseIds> {
  const providers = [
    await insertId(db, 'providers', { name: 'Dr. Rivera', active: true }),
    await insertId(db, 'providers', { name: 'Sam Chen', active: true }),
  ];
  const locations = [
    await insertId(db, 'locations', { name: 'Main Street' }),
    await insertId(db, 'locations', { name: 'Riverside' }),
  ];
  const patients = [
    await insertId(db, 'patients', { first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1980-12-10', chart_number: 'PT-001' }),
    await insertId(db, 'patients', { first_name: 'Grace', last_name: 'Hopper', date_of_birth: null, chart_number: 'PT-002' }),
    await insertId(db, 'patients', { first_name: "Miles", last_name: "O'Brien", date_of_birth: null, chart_number: null }),
  ];
  const classes: Record<string, number> = {};
  for (const [name, isCancellation, active] of [
    ['Follow-up', false, true],
    ['Cancelled', true, true],
    ['No Show', true, true],
    ['Weather Closure', true, false],
  ] as const) {
    classes[name] = await insertId(db, 'session_classes', { name, is_cancellation: isCancellation, active });
  }
  return { patients, providers, locations, classes };
}

let clock = 0;

export async function makeSession(db: Db, base: BaseIds, spec: SessionSpec = {}): Promise<number> {
  const date = spec.date ?? '2026-11-27';
  const status = spec.status ?? 'scheduled';
  clock += 1;
  const id = await insertId(db, 'sessions', {
    patient_id: spec.patientId ?? base.patients[0],
    provider_id: spec.providerId ?? base.providers[0],
    location_id: spec.locationId === undefined ? base.locations[0] : spec.locationId,
    scheduled_date: date,
    start_time: spec.start ?? '09:00',
    duration_minutes: 45,
    status,
    session_class_id: spec.classId === undefined ? (status === 'cancelled' ? base.classes.Cancelled : null) : spec.classId,
    confirmed_at: status === 'confirmed' ? `${date}T10:00:00Z` : null,
    cancelled_at: status === 'cancelled' ? `${date}T08:00:00Z` : null,
    created_at: spec.createdAt ?? new Date(Date.UTC(2026, 0, 1, 0, 0, clock)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  });
  const many = (n: number | undefined, row: Record<string, unknown>) => Array.from({ length: n ?? 0 }, () => ({ session_id: id, ...row }));
  const attached: Array<[string, Record<string, unknown>[]]> = [
    ['claims', many(spec.claims, { payer: 'Aetna', billed_at: `${date}T18:00:00Z`, status: 'submitted' })],
    ['payments', many(spec.payments, { amount_cents: 2500, method: 'card', posted_at: `${date}T17:00:00Z` })],
    ['adjustments', many(spec.adjustments, { amount_cents: -500, reason: 'courtesy', posted_at: `${date}T17:00:00Z` })],
    ['notes', many(spec.finalizedNotes, { status: 'finalized', finalized_at: `${date}T19:00:00Z` })],
    ['notes', many(spec.draftNotes, { status: 'draft', finalized_at: null })],
    ['charges', many(spec.charges, { cpt_code: '97110', units: 2, amount_cents: 7000 })],
  ];
  for (const [table, rows] of attached) if (rows.length) await db.knex(table).insert(rows);
  return id;
}

export async function setMode(db: Db, mode: 'standalone' | 'webpt'): Promise<void> {
  const existing = await db.knex('settings').where({ key: 'integration_mode' }).first();
  if (existing) await db.knex('settings').where({ key: 'integration_mode' }).update({ value: mode });
  else await db.knex('settings').insert({ key: 'integration_mode', value: mode });
}

export async function countRows(db: Db, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [row] = await db.knex(table).where(where).count({ n: '*' });
  return Number((row as { n: number | string }).n);
}
