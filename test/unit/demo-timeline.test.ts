// The demo tells the truth about time: nothing in it happens after its now, and every case of the
// rules is still on the demo day, whatever the hour the demo is made.
import { describe, expect, it } from 'vitest';
import { demoAsOf, generateDemo } from '../../src/commands/demo/generate.js';

type Row = Record<string, unknown>;
const startOf = (s: Row) => `${String(s.scheduled_date)}T${String(s.start_time)}:00Z`;

const CASES: Array<[string, string, string]> = [
  // demo day, real now, the demo's now
  ['2026-11-27', '2026-11-27T14:30:00Z', '2026-11-27T14:30:00Z'],
  ['2026-11-27', '2026-11-27T09:05:10.123Z', '2026-11-27T09:05:10Z'],
  ['2026-11-27', '2026-11-27T06:10:00Z', '2026-11-27T09:00:00Z'],
  ['2026-11-27', '2026-11-27T23:59:00Z', '2026-11-27T23:59:00Z'],
  ['2026-11-27', '2026-12-02T07:00:00Z', '2026-11-27T17:00:00Z'],
  ['2026-12-09', '2026-12-02T07:00:00Z', '2026-12-09T17:00:00Z'],
];

describe('the demo timeline', () => {
  it.each(CASES)('demo day %s made at %s is a picture as of %s', (date, now, asOf) => {
    expect(demoAsOf(date, now)).toBe(asOf);
    const { data, summary } = generateDemo(date, now);
    expect(summary.asOf).toBe(asOf);
    const sessions = data.sessions as Row[];
    const byId = new Map(sessions.map((s) => [Number(s.id), s]));
    const late: string[] = [];
    const check = (what: string, at: unknown) => {
      if (at !== null && String(at) > asOf) late.push(`${what} ${String(at)}`);
    };
    for (const s of sessions) {
      for (const col of ['created_at', 'confirmed_at', 'cancelled_at']) check(`session ${String(s.id)} ${col}`, s[col]);
      if (s.cancelled_at !== null) expect(String(s.cancelled_at) >= String(s.created_at)).toBe(true);
    }
    for (const c of data.claims as Row[]) check(`claim ${String(c.id)}`, c.billed_at);
    for (const p of data.payments as Row[]) check(`payment ${String(p.id)}`, p.posted_at);
    for (const a of data.adjustments as Row[]) check(`adjustment ${String(a.id)}`, a.posted_at);
    for (const n of data.notes as Row[]) check(`note ${String(n.id)}`, n.finalized_at);
    expect(late).toEqual([]);

    // Held before it is confirmed, billed, finalized or marked No Show.
    const noShow = (data.session_classes as Row[]).find((c) => c.name === 'No Show')!.id;
    for (const s of sessions) {
      if (s.status === 'confirmed' || s.session_class_id === noShow) expect(startOf(s) <= asOf, `session ${String(s.id)}`).toBe(true);
    }
    for (const c of data.claims as Row[]) {
      const s = byId.get(Number(c.session_id))!;
      expect(startOf(s) < String(c.billed_at), `claim ${String(c.id)}`).toBe(true);
    }
    for (const n of (data.notes as Row[]).filter((x) => x.status === 'finalized')) {
      expect(startOf(byId.get(Number(n.session_id))!) < String(n.finalized_at)).toBe(true);
    }

    // Every case of the rules, on the demo day.
    const count = (table: string, sid: number) => (data[table as keyof typeof data] as Row[]).filter((r) => Number(r.session_id) === sid).length;
    const sc = summary.showcase;
    for (const id of Object.values(sc)) expect(byId.get(id)!.scheduled_date).toBe(date);
    expect(count('claims', sc['billed to insurance']!)).toBe(1);
    expect((data.claims as Row[]).find((c) => Number(c.session_id) === sc['billed, claim voided'])!.status).toBe('voided');
    expect(count('payments', sc['payment posted']!)).toBe(1);
    expect(count('adjustments', sc['adjustment posted']!)).toBe(1);
    expect((data.notes as Row[]).filter((n) => Number(n.session_id) === sc['finalized note'] && n.status === 'finalized')).toHaveLength(1);
    for (const table of ['claims', 'payments', 'adjustments', 'notes']) expect(count(table, sc['billed, paid, adjusted, finalized']!)).toBe(1);
    const conflict = byId.get(sc['duplicate conflict (both billed)']!)!;
    const twins = sessions.filter((s) => s.scheduled_date === date && s.start_time === conflict.start_time && s.patient_id === conflict.patient_id && s.provider_id === conflict.provider_id);
    expect(twins).toHaveLength(2);
    for (const s of twins) expect(count('claims', Number(s.id))).toBe(1);
    expect(count('charges', sc['duplicate with charge and draft note (keep)']!)).toBe(1);
    expect(count('notes', sc['draft note and charge']!)).toBe(1);
    for (const cls of ['Cancelled', 'No Show', 'Late Cancel']) {
      const s = byId.get(sc[`cancelled: ${cls}`]!)!;
      expect(s.status).toBe('cancelled');
      expect((data.session_classes as Row[]).find((c) => c.id === s.session_class_id)!.name).toBe(cls);
    }
    expect(sc.clean).toBeDefined();
  });

  it('gives the same rows for a date whatever the hour, but for what has happened by then', () => {
    const early = generateDemo('2026-11-27', '2026-11-27T06:00:00Z').data;
    const late = generateDemo('2026-11-27', '2026-11-27T22:00:00Z').data;
    const pick = (rows: Row[]) => rows.map((s) => [s.id, s.patient_id, s.provider_id, s.scheduled_date, s.start_time, s.status, s.session_class_id]);
    expect(pick(early.sessions as Row[])).toEqual(pick(late.sessions as Row[]));
    expect((early.charges as Row[]).length).toBe((late.charges as Row[]).length);
  });
});
