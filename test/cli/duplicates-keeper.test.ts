// The clean-up's keeper order (CONTRACT §4.6) through the CLI, in process, on both engines: a
// confirmed copy is kept over scheduled ones before "most attached rows"; groups come in date order;
// each member is listed with its status; --delete removes the scheduled copies and keeps the confirmed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { runInProcess } from '../helpers/in-process.js';

interface Group {
  sessionIds: number[];
  keep: number;
  remove: number[];
  conflict: boolean;
  why: string;
  date: string;
  start: string;
  members: Array<{ id: number; status: string }>;
}
interface Doc {
  groups: Group[];
  results?: Array<{ id: number; outcome: string; duplicateOf?: number }>;
}

describe.each(ENGINES)('duplicates keeper order on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  let s: Record<string, number>;
  const cli = (...args: string[]) => runInProcess([...args, '--db', t.location]);

  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
    const [ada, grace, miles] = base.patients as [number, number, number];
    // Entered out of date order, and with patients whose ids run against the dates.
    s = {
      // Latest day. A confirmed copy entered last, with nothing attached, over a scheduled one with a
      // charge and a draft note (which "most attached" alone would keep).
      richScheduled: await makeSession(t.db, base, { patientId: ada, date: '2026-11-20', start: '09:00', charges: 1, draftNotes: 1 }),
      plainConfirmed: await makeSession(t.db, base, { patientId: ada, date: '2026-11-20', start: '09:00', status: 'confirmed' }),
      // Earliest day: two confirmed and a scheduled one; among the confirmed, the most attached.
      confirmedA: await makeSession(t.db, base, { patientId: miles, date: '2026-11-02', start: '14:00', status: 'confirmed' }),
      confirmedB: await makeSession(t.db, base, { patientId: miles, date: '2026-11-02', start: '14:00', status: 'confirmed', charges: 2 }),
      scheduledC: await makeSession(t.db, base, { patientId: miles, date: '2026-11-02', start: '14:00', charges: 3 }),
      // Middle day, two groups at different times: listed by time.
      lateA: await makeSession(t.db, base, { patientId: grace, date: '2026-11-10', start: '16:00' }),
      lateB: await makeSession(t.db, base, { patientId: grace, date: '2026-11-10', start: '16:00' }),
      earlyA: await makeSession(t.db, base, { patientId: miles, date: '2026-11-10', start: '08:00' }),
      earlyB: await makeSession(t.db, base, { patientId: miles, date: '2026-11-10', start: '08:00', status: 'confirmed' }),
    };
  });
  afterEach(async () => t.dispose());

  it('keeps a confirmed copy over scheduled ones, lists groups in date order, each member with its status', async () => {
    const r = await cli('duplicates', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.groups.map((g) => [g.date, g.start])).toEqual([
      ['2026-11-02', '14:00'],
      ['2026-11-10', '08:00'],
      ['2026-11-10', '16:00'],
      ['2026-11-20', '09:00'],
    ]);
    const [first, early, late, last] = doc.groups as [Group, Group, Group, Group];
    expect(first).toMatchObject({ keep: s.confirmedB, remove: [s.confirmedA, s.scheduledC], why: 'most-attached' });
    expect(first.members).toEqual([
      { id: s.confirmedA, status: 'confirmed' },
      { id: s.confirmedB, status: 'confirmed' },
      { id: s.scheduledC, status: 'scheduled' },
    ]);
    expect(early).toMatchObject({ keep: s.earlyB, remove: [s.earlyA], why: 'confirmed' });
    expect(late).toMatchObject({ keep: s.lateA, remove: [s.lateB], why: 'first-entered' });
    expect(last).toMatchObject({ keep: s.plainConfirmed, remove: [s.richScheduled], why: 'confirmed', conflict: false });
    expect(last.members).toEqual([
      { id: s.richScheduled, status: 'scheduled' },
      { id: s.plainConfirmed, status: 'confirmed' },
    ]);
  });

  it('human lines show each member status and why the keeper was kept, groups in date order', async () => {
    const r = await cli('duplicates');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`keep\\s+${s.plainConfirmed}\\s+confirmed\\s.*kept: confirmed`));
    // Attached rows are said in the hand-off's order (charges before notes) since house made one wording.
    expect(r.stdout).toMatch(new RegExp(`remove\\s+${s.richScheduled}\\s+scheduled\\s.*1 charge, 1 draft note`));
    const headings = r.stdout.split('\n').filter((line) => /^\d{4}-\d\d-\d\d /.test(line)).map((line) => line.slice(0, 16));
    expect(headings).toEqual(['2026-11-02 14:00', '2026-11-10 08:00', '2026-11-10 16:00', '2026-11-20 09:00']);
  });

  it('--delete removes the scheduled copies and keeps the confirmed, each audited as a duplicate of its keeper', async () => {
    const r = await cli('duplicates', '--delete', '--yes', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    const removed = [s.confirmedA, s.scheduledC, s.earlyA, s.lateB, s.richScheduled].sort((a, b) => a! - b!);
    expect(doc.results!.map((x) => x.id).sort((a, b) => a - b)).toEqual(removed);
    expect(new Set(doc.results!.map((x) => x.outcome))).toEqual(new Set(['deleted']));
    expect(doc.results!.find((x) => x.id === s.richScheduled)?.duplicateOf).toBe(s.plainConfirmed);
    for (const id of [s.plainConfirmed, s.confirmedB, s.earlyB, s.lateA]) expect(await countRows(t.db, 'sessions', { id })).toBe(1);
    for (const id of removed) expect(await countRows(t.db, 'sessions', { id })).toBe(0);
    // The removed copy's charge and draft note went with it, recorded in its audit row.
    expect(await countRows(t.db, 'charges', { session_id: s.richScheduled })).toBe(0);
    const audit = (await t.db.knex('audit_log').where({ session_id: s.richScheduled }).first()) as { detail: string };
    const detail = JSON.parse(audit.detail) as { reason: string; removed: { charges: unknown[]; notes: unknown[] } };
    expect(detail.reason).toBe(`duplicate of session ${s.plainConfirmed}`);
    expect(detail.removed.charges).toHaveLength(1);
    expect(detail.removed.notes).toHaveLength(1);
  });
});
