// A practice with thousands of duplicate groups of every kind, and the answer worked out by hand
// for each: which sessions survive a clean-up and, for each removed one, which session it duplicated.
import type { SeedData } from '../../src/store/seed.js';

export interface DuplicateWorld {
  data: SeedData;
  /** Groups that `duplicates` must report, and how many of them are conflicts. */
  groups: number;
  conflicts: number;
  /** Removed session id → the kept session it duplicates. */
  removed: Map<number, number>;
  /** Every session id that must still exist after `duplicates --delete`. */
  survivors: number[];
  /** Kept sessions that have a payment (the keeper the rules force). */
  paidKeepers: number[];
}

const TIMES = ['08:00', '09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'];

function day(n: number): string {
  const d = new Date(Date.UTC(2026, 0, 1 + (n % 330)));
  return d.toISOString().slice(0, 10);
}

/** `count` scenarios, cycling through six kinds (five of which are groups, one a conflict). */
export function duplicateWorld(count: number): DuplicateWorld {
  const sessions: Record<string, unknown>[] = [];
  const claims: Record<string, unknown>[] = [];
  const payments: Record<string, unknown>[] = [];
  const charges: Record<string, unknown>[] = [];
  const notes: Record<string, unknown>[] = [];
  const removed = new Map<number, number>();
  const survivors: number[] = [];
  const paidKeepers: number[] = [];
  let groups = 0;
  let conflicts = 0;
  let nextId = 1;

  for (let g = 0; g < count; g++) {
    const patient = g + 1;
    const provider = (g % 3) + 1;
    const date = day(g);
    const time = TIMES[g % TIMES.length]!;
    const add = (o: { created?: string; status?: string; start?: string } = {}): number => {
      const id = nextId++;
      const status = o.status ?? 'scheduled';
      sessions.push({
        id,
        patient_id: patient,
        provider_id: provider,
        location_id: null,
        scheduled_date: date,
        start_time: o.start ?? time,
        duration_minutes: 45,
        status,
        session_class_id: status === 'cancelled' ? 1 : null,
        confirmed_at: null,
        cancelled_at: status === 'cancelled' ? `${date}T07:00:00Z` : null,
        created_at: o.created ?? new Date(Date.UTC(2025, 11, 1) + id * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
      return id;
    };
    const charge = (id: number, n = 1) => {
      for (let i = 0; i < n; i++) charges.push({ session_id: id, cpt_code: '97110', units: 1, amount_cents: 3500 });
    };
    const group = (keep: number, remove: number[]) => {
      groups += 1;
      survivors.push(keep);
      for (const r of remove) removed.set(r, keep);
    };

    switch (g % 6) {
      case 0: {
        // Nothing attached: the first entered stays; every other one entered later by created_at.
        const flip = g % 12 === 0;
        const a = add({ created: flip ? '2025-12-02T00:00:00Z' : '2025-12-01T00:00:00Z' });
        const b = add({ created: flip ? '2025-12-01T00:00:00Z' : '2025-12-02T00:00:00Z' });
        if (flip) group(b, [a]);
        else group(a, [b]);
        break;
      }
      case 1: {
        // Three of them: the one with the most charges and notes stays.
        const a = add();
        const b = add();
        const c = add();
        charge(b, 2);
        notes.push({ session_id: b, status: 'draft', finalized_at: null });
        charge(c, 1);
        group(b, [a, c]);
        break;
      }
      case 2: {
        // The keeper has a payment (the rules won't let it go), though the other has more rows.
        const a = add();
        const b = add();
        charge(a, 3);
        payments.push({ session_id: b, amount_cents: 2500, method: 'card', posted_at: `${date}T17:00:00Z` });
        paidKeepers.push(b);
        group(b, [a]);
        break;
      }
      case 3: {
        // Both billed: a conflict; nothing in the group is removed, not even the clean third one.
        const a = add();
        const b = add();
        const c = add();
        claims.push({ session_id: a, payer: 'Aetna', billed_at: `${date}T18:00:00Z`, status: 'submitted' });
        claims.push({ session_id: b, payer: 'Aetna', billed_at: `${date}T18:00:00Z`, status: 'denied' });
        groups += 1;
        conflicts += 1;
        survivors.push(a, b, c);
        break;
      }
      case 4: {
        // A cancelled copy is no duplicate: it is neither kept nor removed, just left.
        const a = add();
        const b = add();
        const c = add({ status: 'cancelled' });
        survivors.push(c);
        group(a, [b]);
        break;
      }
      default: {
        // Not duplicates: another time; and a cancelled copy of one of them.
        const a = add();
        const b = add({ start: '17:30' });
        const c = add({ status: 'cancelled' });
        survivors.push(a, b, c);
      }
    }
  }

  return {
    data: {
      providers: [1, 2, 3].map((id) => ({ id, name: `Provider ${id}`, active: true })),
      patients: Array.from({ length: count }, (_, i) => ({
        id: i + 1,
        first_name: `First${i + 1}`,
        last_name: `Last${i + 1}`,
        date_of_birth: null,
        chart_number: null,
      })),
      session_classes: [
        { id: 1, name: 'Cancelled', is_cancellation: true, active: true },
        { id: 2, name: 'No Show', is_cancellation: true, active: true },
      ],
      sessions,
      claims,
      payments,
      charges,
      notes,
    },
    groups,
    conflicts,
    removed,
    survivors: survivors.sort((a, b) => a - b),
    paidKeepers,
  };
}
