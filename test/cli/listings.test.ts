// The four listing commands in process (harness.ts), off a terminal: every filter, the JSON shape
// with each session's actions, the table with its marks, and the usage errors. Both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession } from '../helpers/fixtures.js';
import { run, type HarnessResult } from '../helpers/harness.js';

type Run = HarnessResult;

const cli = (args: string[], env: Record<string, string> = {}): Promise<Run> => run(args, { env });

interface JsonSession {
  id: number;
  date: string;
  start: string;
  status: string;
  class: string | null;
  patient: { id: number; name: string };
  provider: { id: number; name: string };
  location: { id: number; name: string } | null;
  actions: Record<'delete' | 'cancel', { allowed: boolean; reasons: Array<{ code: string; message: string }> }>;
}

describe.each(ENGINES)('listing commands on %s', (engine) => {
  let t: TestDb;
  const id = {} as Record<'clean' | 'billed' | 'cancelled' | 'finalized' | 'yesterday' | 'tomorrow' | 'paid' | 'october', number>;
  let db: string[];

  beforeAll(async () => {
    t = await testDatabase(engine);
    const b = await baseData(t.db);
    const [ada, grace, miles] = b.patients as [number, number, number];
    const [rivera, chen] = b.providers as [number, number];
    const [main, riverside] = b.locations as [number, number];
    id.clean = await makeSession(t.db, b, { date: '2026-11-27', start: '09:00', patientId: ada, providerId: rivera, locationId: main, charges: 1 });
    id.billed = await makeSession(t.db, b, { date: '2026-11-27', start: '08:00', patientId: grace, providerId: chen, locationId: riverside, status: 'confirmed', claims: 1 });
    id.cancelled = await makeSession(t.db, b, { date: '2026-11-27', start: '10:00', patientId: miles, providerId: rivera, locationId: null, status: 'cancelled', classId: b.classes['No Show'] });
    id.finalized = await makeSession(t.db, b, { date: '2026-11-27', start: '11:00', patientId: ada, providerId: chen, locationId: riverside, status: 'confirmed', finalizedNotes: 1 });
    id.yesterday = await makeSession(t.db, b, { date: '2026-11-26', start: '09:00', patientId: ada, providerId: rivera });
    id.tomorrow = await makeSession(t.db, b, { date: '2026-11-28', start: '09:00', patientId: grace, providerId: chen });
    id.paid = await makeSession(t.db, b, { date: '2026-11-02', start: '14:00', patientId: ada, providerId: rivera, status: 'confirmed', payments: 1 });
    id.october = await makeSession(t.db, b, { date: '2026-10-30', start: '09:00', patientId: ada, providerId: rivera });
    db = ['--db', t.location];
  });
  afterAll(async () => t.dispose());

  async function json(args: string[]): Promise<{ doc: Record<string, unknown> & { sessions: JsonSession[] }; run: Run }> {
    const r = await cli([...db, '--json', ...args]);
    expect(r.stderr).toBe('');
    expect(r.code, r.stderr).toBe(0);
    return { doc: JSON.parse(r.stdout), run: r };
  }
  const ids = (sessions: JsonSession[]) => sessions.map((s) => s.id);
  /** Several listings: the ids each returned. */
  const listAll = (argsList: string[][]) => Promise.all(argsList.map(async (args) => ids((await json(args)).doc.sessions)));

  describe('dashboard', () => {
    it('lists one day by time, each session with the actions it offers and why not', async () => {
      const { doc } = await json(['dashboard', '--date', '2026-11-27']);
      expect(doc.date).toBe('2026-11-27');
      expect(ids(doc.sessions)).toEqual([id.billed, id.clean, id.cancelled, id.finalized]);
      const [billed, clean, cancelled, finalized] = doc.sessions as [JsonSession, JsonSession, JsonSession, JsonSession];
      expect(clean).toMatchObject({
        id: id.clean,
        date: '2026-11-27',
        start: '09:00',
        status: 'scheduled',
        patient: { name: 'Ada Lovelace' },
        provider: { name: 'Dr. Rivera' },
        location: { name: 'Main Street' },
        actions: { delete: { allowed: true, reasons: [] }, cancel: { allowed: true, reasons: [] } },
      });
      expect(billed.actions.delete.allowed).toBe(false);
      expect(billed.actions.delete.reasons.map((r) => r.code)).toEqual(['BILLED_TO_INSURANCE']);
      expect(billed.actions.delete.reasons[0]?.message).toMatch(/billed to insurance/);
      expect(billed.actions.cancel.allowed).toBe(true);
      expect(cancelled).toMatchObject({ status: 'cancelled', class: 'No Show', location: null });
      expect(cancelled.actions.cancel.reasons.map((r) => r.code)).toEqual(['ALREADY_CANCELLED']);
      expect(cancelled.actions.delete.allowed).toBe(true);
      expect(finalized.actions.delete.reasons.map((r) => r.code)).toEqual(['FINALIZED_NOTE']);
    });

    it('takes today, yesterday and tomorrow from the clock, today by default', async () => {
      const [byDefault, today, yesterday, tomorrow] = await listAll([
        ['dashboard'],
        ['dashboard', '--date', 'today'],
        ['dashboard', '--date', 'Yesterday'],
        ['dashboard', '--date', 'tomorrow'],
      ]);
      expect(byDefault).toEqual([id.billed, id.clean, id.cancelled, id.finalized]);
      expect(today).toEqual(byDefault);
      expect(yesterday).toEqual([id.yesterday]);
      expect(tomorrow).toEqual([id.tomorrow]);
    });

    it('prints a table with the marks off a terminal, and asks nothing', async () => {
      const run = await cli([...db, 'dashboard', '--date', '2026-11-27']);
      expect(run.code).toBe(0);
      const line = (sid: number) => run.stdout.split('\n').find((l) => new RegExp(`^│ ${sid}\\s`).test(l)) ?? '';
      expect(line(id.clean)).toMatch(/09:00 .*Ada Lovelace \(PT-001\) .*Dr\. Rivera .*Main Street .*scheduled .*delete · cancel/);
      expect(line(id.billed)).toMatch(/Grace Hopper .*confirmed .*cancel\s+⊘ billed\s+│$/);
      expect(line(id.cancelled)).toMatch(/Miles O'Brien .*cancelled .*No Show .*│ delete\s+│$/);
      expect(line(id.finalized)).toMatch(/cancel\s+⊘ finalized note\s+│$/);
      expect(run.stderr).toContain('Sessions on Friday 2026-11-27: 4 sessions, 1 cancelled, 2 cannot be deleted');
      expect(run.stderr).toContain('⊘ = cannot be deleted');
      expect(run.stdout).not.toMatch(/Pick a session|\?/);
    });

    it('says so when the day is empty', async () => {
      const run = await cli([...db, 'dashboard', '--date', '2026-12-25']);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('No sessions are scheduled on 2026-12-25.');
      expect((await json(['dashboard', '--date', '2026-12-25'])).doc.sessions).toEqual([]);
    });

    it('rejects a date it does not understand, naming the accepted forms', async () => {
      const runs = await Promise.all(['2026-02-30', '27/11/2026', 'next week'].map((bad) => cli([...db, 'dashboard', '--date', bad])));
      for (const run of runs) {
        expect(run.code, run.stderr).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/--date must be a date: YYYY-MM-DD, today, yesterday or tomorrow/);
      }
    });

    it('shows every action as refused on a read-only database', async () => {
      const { doc } = await json(['--read-only', 'dashboard', '--date', '2026-11-27']);
      for (const s of doc.sessions) {
        expect(s.actions.delete.reasons.map((r) => r.code)).toContain('READ_ONLY');
        expect(s.actions.cancel.reasons.map((r) => r.code)).toContain('READ_ONLY');
      }
      const run = await cli([...db, '--read-only', 'dashboard', '--date', '2026-11-27']);
      const clean = run.stdout.split('\n').find((l) => l.startsWith(`│ ${id.clean} `)) ?? '';
      expect(clean).toMatch(/—\s+read-only/);
    });
  });

  describe('search', () => {
    it('finds a patient by partial name in either order, or by chart number, any case', async () => {
      const ada = [id.october, id.paid, id.yesterday, id.clean, id.finalized];
      const found = await listAll(
        ['LOVEL', 'ada lovelace', 'Lovelace, Ada', 'pt-002', "o'brien", '%'].map((p) => ['search', '--patient', p]),
      );
      expect(found).toEqual([ada, ada, ada, [id.billed, id.tomorrow], [id.cancelled], []]);
    });

    it('filters by provider, location, dates, status and class, and combines them', async () => {
      const found = await listAll([
        ['search', '--provider', 'chen'],
        ['search', '--location', 'river'],
        ['search', '--from', '2026-11-26', '--to', 'today'],
        ['search', '--status', 'cancelled'],
        ['search', '--status', 'confirmed,cancelled', '--to', '2026-11-26'],
        ['search', '--class', 'no show'],
        ['search', '--patient', 'ada', '--provider', 'rivera', '--from', '2026-11-01', '--status', 'scheduled'],
      ]);
      expect(found).toEqual([
        [id.billed, id.finalized, id.tomorrow],
        [id.billed, id.finalized],
        [id.yesterday, id.billed, id.clean, id.cancelled, id.finalized],
        [id.cancelled],
        [id.paid],
        [id.cancelled],
        [id.yesterday, id.clean],
      ]);
    });

    it('cuts at --limit and says so', async () => {
      const { doc } = await json(['search', '--limit', '3']);
      expect(ids(doc.sessions)).toEqual([id.october, id.paid, id.yesterday]);
      expect(doc).toMatchObject({ limit: 3, truncated: true });
      expect((await json(['search', '--limit', '8'])).doc).toMatchObject({ limit: 8, truncated: false });
      expect((await json(['search'])).doc).toMatchObject({ limit: 50, truncated: false });
      const run = await cli([...db, 'search', '--limit', '3']);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/Only the first 3 matches are shown; there are more/);
    });

    it('refuses bad filters with exit 2 and says what is accepted', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['--limit', '0'], /--limit must be a whole number from 1 to 10000/],
        [['--limit', 'ten'], /--limit must be a whole number/],
        [['--from', '2026-11-28', '--to', '2026-11-27'], /--from \(2026-11-28\) is after --to \(2026-11-27\)/],
        [['--status', 'done'], /--status must be one or more of scheduled, confirmed, cancelled/],
        [['--from', 'soon'], /--from must be a date: YYYY-MM-DD, today, yesterday or tomorrow/],
        [['--patient', '   '], /--patient is empty/],
        [['--class', 'Holiday'], /no session class named "Holiday"/],
      ];
      const runs = await Promise.all(cases.map(([args]) => cli([...db, 'search', ...args])));
      for (const [i, [args, message]] of cases.entries()) {
        const run = runs[i] as Run;
        expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(message);
      }
      const unknownClass = await cli([...db, 'search', '--class', 'Holiday']);
      expect(unknownClass.stderr).toContain('Use one of: "Cancelled", "Follow-up", "No Show", "Weather Closure".');
    });
  });

  describe('confirm-schedule', () => {
    it('lists sessions still scheduled up to today, oldest first', async () => {
      const { doc } = await json(['confirm-schedule']);
      expect(ids(doc.sessions)).toEqual([id.october, id.yesterday, id.clean]);
      expect(doc.sessions.every((s) => s.status === 'scheduled')).toBe(true);
      expect(doc).toMatchObject({ from: null, to: '2026-11-27' });
    });

    it('takes --from, --to and --provider', async () => {
      const found = await listAll([
        ['confirm-schedule', '--to', 'tomorrow'],
        ['confirm-schedule', '--from', '2026-11-01'],
        ['confirm-schedule', '--to', 'tomorrow', '--provider', 'CHEN'],
      ]);
      expect(found).toEqual([[id.october, id.yesterday, id.clean, id.tomorrow], [id.yesterday, id.clean], [id.tomorrow]]);
      const run = await cli([...db, 'confirm-schedule', '--to', 'yesterday']);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('Awaiting confirmation before billing (up to 2026-11-26): 2 sessions, oldest first');
      expect(run.stdout).toMatch(new RegExp(`│ ${id.october}\\s+│ 2026-10-30 09:00`));
      const bad = await cli([...db, 'confirm-schedule', '--to', 'someday']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--to must be a date: YYYY-MM-DD, today, yesterday or tomorrow/);
    });
  });

  describe('calendar', () => {
    it('counts each day of the month with its cancelled and undeletable sessions', async () => {
      const { doc } = await json(['calendar', '--month', '2026-11']);
      expect(doc.month).toBe('2026-11');
      const days = doc.days as Array<{ date: string; sessions: number; cancelled: number; undeletable: number }>;
      expect(days).toHaveLength(30);
      expect(days.find((d) => d.date === '2026-11-27')).toEqual({ date: '2026-11-27', sessions: 4, cancelled: 1, undeletable: 2 });
      expect(days.find((d) => d.date === '2026-11-02')).toEqual({ date: '2026-11-02', sessions: 1, cancelled: 0, undeletable: 1 });
      expect(days.find((d) => d.date === '2026-11-26')).toEqual({ date: '2026-11-26', sessions: 1, cancelled: 0, undeletable: 0 });
      expect(days.filter((d) => d.sessions > 0)).toHaveLength(4);
      expect(ids(doc.sessions).sort((a, b) => a - b)).toEqual(
        [id.clean, id.billed, id.cancelled, id.finalized, id.yesterday, id.tomorrow, id.paid].sort((a, b) => a - b),
      );
    });

    it('draws weeks as rows, Monday first, with today bracketed and the marks in the cells', async () => {
      const run = await cli([...db, 'calendar']);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('November 2026: 7 sessions');
      expect(run.stdout).toMatch(/│ Mon\s+│ Tue\s+│ Wed\s+│ Thu\s+│ Fri\s+│ Sat\s+│ Sun\s+│/);
      const lines = run.stdout.split('\n');
      // 1 November 2026 is a Sunday: the first week has six empty days before it.
      expect(lines.find((l) => /│ 1\s+│$/.test(l))).toMatch(/^│\s+│\s+│\s+│\s+│\s+│\s+│ 1\s+│$/);
      const week = lines.findIndex((l) => l.includes('[27]'));
      expect(lines[week]).toMatch(/│ 23\s+│ 24\s+│ 25\s+│ 26\s+│ \[27\]\s+│ 28\s+│ 29\s+│/);
      expect(lines[week + 1]).toMatch(/│ ·\s+│ ·\s+│ ·\s+│ 1\s+│ 4 ×⊘\s+│ 1\s+│ ·\s+│/);
      expect(run.stderr).toMatch(/× holds cancelled sessions · ⊘ holds sessions that cannot be deleted/);
    });

    it('rejects a month that is not YYYY-MM', async () => {
      const runs = await Promise.all(['2026-13', 'November', '2026-1'].map((bad) => cli([...db, 'calendar', '--month', bad])));
      for (const run of runs) {
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toMatch(/--month must be a month as YYYY-MM/);
      }
    });
  });
});
