// The demo practice, generated deterministically from a date: the same date gives the same rows.
// Pure: it returns rows; the store writes them.
//
// The demo tells the truth about time: it is a picture of the practice as of one instant, its "now"
// (`asOf`): the real now when the demo day is today (09:00 at the earliest, so that the morning's
// visits have been held), else 17:00 on the demo day. Nothing is created, confirmed, cancelled,
// billed, posted or finalized after it; only visits that have begun are marked No Show; a claim
// not yet due (two days after the visit) is not there yet.
import type { SeedData, Rows } from '../../store/seed.js';
import { addDays } from '../parse.js';

/** Small, fast, seedable PRNG (mulberry32): the demo must be the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ava', 'Liam', 'Olivia', 'Noah', 'Emma', 'Mateo', 'Sophia', 'Lucas', 'Mia', 'Ethan', 'Amara', 'Kenji',
  'Priya', 'Diego', 'Chloé', 'Omar', 'Ingrid', 'Tomás', 'Zoe', 'Yusuf', 'Hannah', 'Wei', 'Grace', 'Samuel', 'Nadia'];
const LAST = ['Garcia', 'Smith', 'Nguyen', 'Johnson', 'Okafor', 'Müller', 'Brown', 'Kowalski', 'Patel', 'Rossi',
  "O'Brien", 'Kim', 'Haddad', 'Jensen', 'Silva', 'Lee', 'Martin', 'Novak', 'Cohen', 'Tanaka', 'Walker', 'Dubois'];
const PROVIDERS = ['Dr. Rivera, DPT', 'Dr. Chen, DPT', 'Sam Patel, PTA', 'Dr. Okafor, DPT'];
const LOCATIONS = ['Main Street Clinic', 'Riverside', 'Downtown Sports Rehab'];
const PAYERS = ['Blue Cross', 'Aetna', 'Medicare', 'UnitedHealthcare', 'Cigna'];
const CPT = [
  ['97110', 3500],
  ['97140', 3200],
  ['97530', 3800],
  ['97161', 9500],
] as const;
const TIMES = ['08:00', '09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'];

export const DEMO_CLASSES = [
  { name: 'Evaluation', is_cancellation: false, active: true },
  { name: 'Follow-up', is_cancellation: false, active: true },
  { name: 'Cancelled', is_cancellation: true, active: true },
  { name: 'No Show', is_cancellation: true, active: true },
  { name: 'Late Cancel', is_cancellation: true, active: true },
  { name: 'Weather Closure', is_cancellation: true, active: false },
];

export interface DemoSummary {
  date: string;
  /** The demo's now: every instant in its rows is at or before it. */
  asOf: string;
  from: string;
  to: string;
  counts: Record<string, number>;
  /** Sessions on the demo date that show each case, by what they show. */
  showcase: Record<string, number>;
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

function instant(date: string, time: string, addMinutes = 0): string {
  const d = new Date(`${date}T${time}:00Z`);
  d.setUTCMinutes(d.getUTCMinutes() + addMinutes);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function minutesBefore(at: string, minutes: number): string {
  return new Date(Date.parse(at) - minutes * 60000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const earlier = (a: string, b: string) => (a <= b ? a : b);

/** The demo's now (see the header): `now` on the demo day itself, from 09:00; else 17:00 that day. */
export function demoAsOf(date: string, now: string): string {
  const nowSec = now.replace(/\.\d{3}Z$/, 'Z');
  if (nowSec < instant(date, '00:00') || nowSec >= instant(addDays(date, 1), '00:00')) return instant(date, '17:00');
  const opening = instant(date, '09:00');
  return nowSec < opening ? opening : nowSec;
}

export function generateDemo(date: string, now: string): { data: SeedData; summary: DemoSummary } {
  const rand = prng(Number(date.replace(/-/g, '')));
  const asOf = demoAsOf(date, now);
  const upTo = (at: string) => earlier(at, asOf);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const chance = (p: number) => rand() < p;

  const settings: Rows = [
    { id: 1, key: 'integration_mode', value: 'standalone' },
    { id: 2, key: 'demo_database', value: `made by sessionctl demo for ${date} at ${now}, as of ${asOf}` },
  ];
  const locations: Rows = LOCATIONS.map((name, i) => ({ id: i + 1, name }));
  const providers: Rows = PROVIDERS.map((name, i) => ({ id: i + 1, name, active: true }));
  const session_classes: Rows = DEMO_CLASSES.map((c, i) => ({ id: i + 1, ...c }));
  const classId = (name: string) => DEMO_CLASSES.findIndex((c) => c.name === name) + 1;
  const cancelClasses = ['Cancelled', 'No Show', 'Late Cancel'];

  const patients: Rows = [];
  for (let i = 1; i <= 300; i++) {
    const dob = `${1940 + Math.floor(rand() * 66)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    patients.push({
      id: i,
      first_name: pick(FIRST),
      last_name: pick(LAST),
      date_of_birth: chance(0.9) ? dob : null,
      chart_number: `PT-${String(10000 + i)}`,
    });
  }

  const sessions: Rows = [];
  const claims: Rows = [];
  const charges: Rows = [];
  const payments: Rows = [];
  const adjustments: Rows = [];
  const notes: Rows = [];
  const showcase: Record<string, number> = {};

  const addSession = (s: {
    date: string;
    time: string;
    patient: number;
    provider: number;
    status: 'scheduled' | 'confirmed' | 'cancelled';
    cls?: string;
    createdOffset?: number;
  }): number => {
    const id = sessions.length + 1;
    const cls = s.cls ?? (chance(0.15) ? 'Evaluation' : 'Follow-up');
    const start = instant(s.date, s.time);
    // Booked two weeks ahead, or shortly before now for a visit booked less than two weeks ago.
    const created = earlier(instant(addDays(s.date, -14), '09:00', s.createdOffset ?? id % 600), minutesBefore(asOf, 60 + (id % 600)));
    // A No Show is marked once the visit has begun; other cancellations come before it, and before now.
    const cancelled = cls === 'No Show' ? instant(s.date, s.time, 15) : earlier(instant(s.date, s.time, -120), minutesBefore(asOf, 1 + (id % 59)));
    sessions.push({
      id,
      patient_id: s.patient,
      provider_id: s.provider,
      location_id: 1 + ((s.provider - 1) % LOCATIONS.length),
      scheduled_date: s.date,
      start_time: s.time,
      duration_minutes: cls === 'Evaluation' ? 60 : 45,
      status: s.status,
      session_class_id: classId(cls),
      confirmed_at: s.status === 'confirmed' ? upTo(instant(s.date, s.time, 60)) : null,
      cancelled_at: s.status === 'cancelled' ? (cancelled < created ? created : cancelled) : null,
      created_at: created,
    });
    if (s.status === 'confirmed' && start > asOf) throw new Error(`demo: session ${id} confirmed before it was held`);
    return id;
  };
  const attach = {
    charge: (sid: number) => {
      const [code, cents] = pick(CPT);
      charges.push({ id: charges.length + 1, session_id: sid, cpt_code: code, units: 1 + Math.floor(rand() * 3), amount_cents: cents });
    },
    // Billed two days after the visit: a claim not yet due is not there yet (`now` bills the demo day's own).
    claim: (sid: number, d: string, status = 'submitted', billedAt = instant(d, '18:00', 1440 * 2)) => {
      const payer = pick(PAYERS); // drawn either way, so that the rest of the demo does not depend on the hour
      if (billedAt <= asOf) claims.push({ id: claims.length + 1, session_id: sid, payer, billed_at: billedAt, status });
    },
    payment: (sid: number, d: string) =>
      payments.push({ id: payments.length + 1, session_id: sid, amount_cents: 2500 + Math.floor(rand() * 40) * 100, method: pick(['card', 'cash', 'check']), posted_at: upTo(instant(d, '17:00')) }),
    adjustment: (sid: number, d: string) =>
      adjustments.push({ id: adjustments.length + 1, session_id: sid, amount_cents: -500 * (1 + Math.floor(rand() * 4)), reason: pick(['courtesy discount', 'contractual write-off', 'prompt-pay discount']), posted_at: upTo(instant(d, '17:30')) }),
    note: (sid: number, d: string, status: 'draft' | 'finalized') =>
      notes.push({ id: notes.length + 1, session_id: sid, status, finalized_at: status === 'finalized' ? upTo(instant(d, '19:00')) : null }),
  };
  // The demo day's own visits are billed (and paid, finalized) by its now: they ended by 09:00 at the latest.
  const sameDay = (sid: number, status = 'submitted') => attach.claim(sid, date, status, upTo(instant(date, '18:00')));

  const from = addDays(date, -60);
  const to = addDays(date, 30);
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (isWeekend(d) || d === date) continue;
    const past = d < date;
    for (let provider = 1; provider <= PROVIDERS.length; provider++) {
      for (const time of TIMES) {
        if (!chance(0.7)) continue;
        const patient = 1 + Math.floor(rand() * patients.length);
        const cancelled = chance(past ? 0.1 : 0.05);
        const status = cancelled ? 'cancelled' : past ? (chance(0.93) ? 'confirmed' : 'scheduled') : 'scheduled';
        // Weather Closure is inactive now but still holds the past sessions it classed; a visit still
        // ahead can be cancelled, not missed.
        const cls = cancelled ? pick(past ? [...cancelClasses, 'Weather Closure'] : ['Cancelled']) : undefined;
        const sid = addSession({ date: d, time, patient, provider, status, cls });
        if (past && status === 'confirmed') {
          attach.charge(sid);
          if (chance(0.5)) attach.charge(sid);
          attach.note(sid, d, chance(0.85) ? 'finalized' : 'draft');
          if (chance(0.6)) {
            attach.claim(sid, d, chance(0.05) ? 'voided' : pick(['submitted', 'paid', 'denied']));
            if (chance(0.05)) attach.claim(sid, d, 'resubmitted');
          }
          if (chance(0.35)) attach.payment(sid, d);
          if (chance(0.08)) attach.adjustment(sid, d);
        } else if (cancelled && chance(0.2) && past) {
          attach.payment(sid, d); // a late-cancel fee kept with the cancelled session
        }
        // About 1% entered twice: the same patient, provider, day and time.
        if (!cancelled && chance(0.012)) {
          const dup = addSession({ date: d, time, patient, provider, status: past ? 'confirmed' : 'scheduled', createdOffset: 700 });
          if (past && chance(0.5)) attach.charge(dup);
          if (past && chance(0.2)) attach.claim(dup, d); // billed twice: a conflict for a person to resolve
        }
      }
    }
  }

  // The demo day itself: every case of the rules on one dashboard, at known times (and the same ids
  // as ever: scripts and the README name them). The visits that must have been held (billed, paid,
  // adjusted, finalized, No Show) are the day's first, at 07:00 and 08:00, so that they have ended by
  // the demo's now however early it is (09:00 at the earliest).
  const p = (n: number) => n; // patient ids chosen for the showcase
  const show = (label: string, id: number) => (showcase[label] = id);
  show('clean', addSession({ date, time: '10:00', patient: p(11), provider: 1, status: 'scheduled' }));
  const dupA = addSession({ date, time: '09:00', patient: p(12), provider: 1, status: 'scheduled', createdOffset: 1 });
  const dupB = addSession({ date, time: '09:00', patient: p(12), provider: 1, status: 'scheduled', createdOffset: 2 });
  attach.charge(dupB);
  attach.note(dupB, date, 'draft');
  // The keeper policy keeps the copy with more attached rows (dupB); dupA is the one to delete.
  show('duplicate entered first, nothing attached (remove)', dupA);
  show('duplicate with charge and draft note (keep)', dupB);
  const billed = addSession({ date, time: '07:00', patient: p(13), provider: 1, status: 'confirmed' });
  attach.charge(billed);
  sameDay(billed);
  show('billed to insurance', billed);
  const voided = addSession({ date, time: '08:00', patient: p(14), provider: 1, status: 'confirmed' });
  sameDay(voided, 'voided');
  show('billed, claim voided', voided);
  const paid = addSession({ date, time: '08:00', patient: p(15), provider: 4, status: 'confirmed' });
  attach.payment(paid, date);
  attach.charge(paid);
  show('payment posted', paid);
  const adjusted = addSession({ date, time: '07:00', patient: p(16), provider: 2, status: 'confirmed' });
  attach.adjustment(adjusted, date);
  show('adjustment posted', adjusted);
  const finalized = addSession({ date, time: '08:00', patient: p(17), provider: 2, status: 'confirmed' });
  attach.note(finalized, date, 'finalized');
  show('finalized note', finalized);
  const draft = addSession({ date, time: '10:00', patient: p(18), provider: 2, status: 'scheduled' });
  attach.note(draft, date, 'draft');
  attach.charge(draft);
  show('draft note and charge', draft);
  // Cancelled ahead of time, missed (held time: 07:00), cancelled late.
  for (const [i, [cls, time, provider]] of ([['Cancelled', '11:00', 2], ['No Show', '07:00', 4], ['Late Cancel', '13:00', 2]] as const).entries()) {
    show(`cancelled: ${cls}`, addSession({ date, time, patient: p(19 + i), provider, status: 'cancelled', cls }));
  }
  const everything = addSession({ date, time: '07:00', patient: p(23), provider: 3, status: 'confirmed' });
  sameDay(everything);
  attach.payment(everything, date);
  attach.adjustment(everything, date);
  attach.note(everything, date, 'finalized');
  show('billed, paid, adjusted, finalized', everything);
  const dupBilledA = addSession({ date, time: '08:00', patient: p(24), provider: 3, status: 'confirmed', createdOffset: 1 });
  const dupBilledB = addSession({ date, time: '08:00', patient: p(24), provider: 3, status: 'confirmed', createdOffset: 2 });
  sameDay(dupBilledA);
  sameDay(dupBilledB);
  show('duplicate conflict (both billed)', dupBilledA);
  for (let i = 0; i < 6; i++) {
    addSession({ date, time: TIMES[2 + i] as string, patient: p(30 + i), provider: 4, status: 'scheduled' });
  }

  const data: SeedData = { settings, locations, providers, patients, session_classes, sessions, claims, charges, payments, adjustments, notes };
  const counts = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v?.length ?? 0]));
  return { data, summary: { date, asOf, from, to, counts, showcase } };
}
