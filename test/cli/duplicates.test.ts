// `duplicates` in process (harness.ts) on both engines: the groups and the proposal, the JSON
// document, --delete with --dry-run and --yes, exit statuses, and a bulk run with exact survivors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { duplicateWorld } from '../helpers/duplicate-groups.js';
import { ask, jsonOf, run } from '../helpers/harness.js';
import { insertSeed } from '../../src/store/seed.js';

interface Group {
  sessionIds: number[];
  keep: number;
  remove: number[];
  conflict: boolean;
  why: string;
  undeletable: Array<{ id: number; reasons: string[] }>;
  date: string;
  start: string;
  patientId: number;
  providerId: number;
}
interface Doc {
  groups: Group[];
  results?: Array<{ id: number; outcome: string; reasons: Array<{ code: string }>; duplicateOf?: number }>;
  summary: Record<string, number | boolean>;
}

describe.each(ENGINES)('duplicates on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  let s: Record<string, number>;
  const cli = (...args: string[]) => run([...args, '--db', t.location]);
  const exists = async (id: number) => (await countRows(t.db, 'sessions', { id })) === 1;

  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
    const [ada, grace, miles] = base.patients as [number, number, number];
    const [rivera, chen] = base.providers as [number, number];
    s = {
      // Two plain copies: the first entered stays.
      plainA: await makeSession(t.db, base, { patientId: ada, start: '09:00', createdAt: '2026-01-01T00:00:00Z' }),
      plainB: await makeSession(t.db, base, { patientId: ada, start: '09:00', createdAt: '2026-01-02T00:00:00Z' }),
      // The later copy has the charge and the note: it stays.
      richA: await makeSession(t.db, base, { patientId: grace, start: '10:00' }),
      richB: await makeSession(t.db, base, { patientId: grace, start: '10:00', charges: 1, draftNotes: 1 }),
      // Both billed: a conflict.
      billedA: await makeSession(t.db, base, { patientId: miles, start: '11:00', claims: 1 }),
      billedB: await makeSession(t.db, base, { patientId: miles, start: '11:00', claims: 1 }),
      // Another provider, another day: the paid one stays.
      paidA: await makeSession(t.db, base, { patientId: ada, providerId: chen, date: '2026-12-01', start: '09:00', charges: 2 }),
      paidB: await makeSession(t.db, base, { patientId: ada, providerId: chen, date: '2026-12-01', start: '09:00', payments: 1 }),
      // Not duplicates: a cancelled copy, and another time.
      cancelled: await makeSession(t.db, base, { patientId: grace, start: '10:00', status: 'cancelled' }),
      other: await makeSession(t.db, base, { patientId: ada, providerId: rivera, start: '09:30' }),
    };
  });
  afterEach(async () => t.dispose());

  it('lists each group with its proposal, in JSON and nothing else on stdout; exit 0 even with a conflict', async () => {
    const r = await cli('duplicates', '--json');
    expect(r.code).toBe(0);
    const doc = jsonOf<Doc>(r);
    const byKeep = new Map(doc.groups.map((g) => [g.keep, g]));
    expect(doc.groups).toHaveLength(4);
    expect(byKeep.get(s.plainA!)).toMatchObject({ sessionIds: [s.plainA, s.plainB], remove: [s.plainB], conflict: false, why: 'first-entered' });
    expect(byKeep.get(s.richB!)).toMatchObject({ remove: [s.richA], why: 'most-attached', date: '2026-11-27', start: '10:00' });
    expect(byKeep.get(s.paidB!)).toMatchObject({
      remove: [s.paidA],
      why: 'undeletable',
      undeletable: [{ id: s.paidB, reasons: ['PAYMENTS_POSTED'] }],
      providerId: base.providers[1],
    });
    const conflict = doc.groups.find((g) => g.conflict)!;
    expect(conflict).toMatchObject({ sessionIds: [s.billedA, s.billedB], remove: [], why: 'conflict' });
    expect(conflict.undeletable.map((u) => u.reasons)).toEqual([['BILLED_TO_INSURANCE'], ['BILLED_TO_INSURANCE']]);
    expect(doc.summary).toMatchObject({ groups: 4, sessions: 8, proposed: 3, conflicts: 1, delete: false });
    expect(doc.results).toBeUndefined();
    expect(await countRows(t.db, 'sessions')).toBe(10);
  });

  it('human: short lines per group, conflicts marked with what to do, a summary on stderr', async () => {
    const r = await cli('duplicates');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`keep\\s+${s.plainA}\\s`));
    expect(r.stdout).toMatch(new RegExp(`remove\\s+${s.plainB}\\s`));
    expect(r.stdout).toContain('CONFLICT: nothing removed');
    expect(r.stdout).toContain(`sessionctl explain ${s.billedA}`);
    expect(r.stderr).toContain('Found 4 groups of duplicate sessions (8 sessions); 3 sessions proposed for removal.');
    expect(r.stderr).toContain('1 group is a conflict');
    expect(r.stderr).toContain('sessionctl duplicates --delete --dry-run');
  });

  it('--from, --to and --provider narrow the scan; bad values are exit 2', async () => {
    const dec = jsonOf<Doc>(await cli('duplicates', '--from', '2026-11-28', '--json'));
    expect(dec.groups.map((g) => g.keep)).toEqual([s.paidB]);
    const nov = jsonOf<Doc>(await cli('duplicates', '--to', '2026-11-27', '--provider', 'rivera', '--json'));
    expect(nov.groups).toHaveLength(3);
    const byId = jsonOf<Doc>(await cli('duplicates', '--provider', String(base.providers[1]), '--json'));
    expect(byId.groups.map((g) => g.keep)).toEqual([s.paidB]);
    const today = jsonOf<Doc>(await cli('duplicates', '--from', 'today', '--to', 'today', '--json'));
    expect(today.summary.groups).toBe(3);

    const unknown = await cli('duplicates', '--provider', 'Nobody');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No provider matches "Nobody"');
    expect(unknown.stderr).toContain('"Dr. Rivera"');
    expect((await cli('duplicates', '--from', '2026-02-30')).code).toBe(2);
    expect((await cli('duplicates', '--from', '2026-12-01', '--to', '2026-11-01')).code).toBe(2);
    const dry = await cli('duplicates', '--dry-run');
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain('--delete');
  });

  it('--delete off a terminal needs --yes (exit 2, nothing touched); --dry-run shows would-delete and changes nothing', async () => {
    const refused = await cli('duplicates', '--delete', '--json');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('--yes');
    const dry = await cli('duplicates', '--delete', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const doc = jsonOf<Doc>(dry);
    // In scan order, which is date order (CONTRACT §4.6): by date, then time, patient and provider.
    expect(doc.results!.map((x) => [x.id, x.outcome, x.duplicateOf])).toEqual([
      [s.plainB, 'would-delete', s.plainA],
      [s.richA, 'would-delete', s.richB],
      [s.paidA, 'would-delete', s.paidB],
    ]);
    expect(doc.summary).toMatchObject({ dryRun: true, wouldRemove: 3, removed: 0 });
    expect(await countRows(t.db, 'sessions')).toBe(10);
    expect(await countRows(t.db, 'audit_log')).toBe(0);
  });

  it('--delete --yes removes the proposed sessions, each audited "duplicate of session N"; exit 0', async () => {
    const r = await cli('duplicates', '--delete', '--yes', '--json');
    expect(r.code).toBe(0);
    const doc = jsonOf<Doc>(r);
    expect(doc.results!.map((x) => x.outcome)).toEqual(['deleted', 'deleted', 'deleted']);
    expect(doc.summary).toMatchObject({ groups: 4, conflicts: 1, removed: 3, refused: 0, notFound: 0 });
    for (const id of [s.plainB, s.richA, s.paidA]) expect(await exists(id!)).toBe(false);
    for (const id of [s.plainA, s.richB, s.paidB, s.billedA, s.billedB, s.cancelled, s.other]) expect(await exists(id!)).toBe(true);
    const audit = await t.db.knex('audit_log').select('session_id', 'detail', 'actor').orderBy('session_id');
    expect(audit.map((a) => [Number(a.session_id), JSON.parse(a.detail as string).reason, a.actor])).toEqual(
      [
        [s.plainB, `duplicate of session ${s.plainA}`, 'cli-test'],
        [s.richA, `duplicate of session ${s.richB}`, 'cli-test'],
        [s.paidA, `duplicate of session ${s.paidB}`, 'cli-test'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    // Nothing is left to remove; the conflict remains for a person.
    const human = await cli('duplicates', '--delete', '--yes');
    expect(human.code).toBe(0);
    expect(human.stderr).toContain('0 sessions proposed for removal');
    expect(human.stderr).toContain('1 group is a conflict');
  });

  it('on a terminal: lists the groups, asks once, then removes with a progress bar on stderr', async () => {
    const question = 'Permanently delete 3 duplicate session(s) from 3 group(s)?';
    const r = await run(['duplicates', '--delete', '--db', t.location], { tty: { columns: 160, rows: 50 }, answers: [ask.confirm(true, question)] });
    expect(r.code, r.stderr).toBe(0);
    // The groups were on the screen before the question.
    // Each member's line carries its status since the keeper order weighs it (CONTRACT §4.6).
    expect(r.prompter.calls[0]!.stdout).toMatch(new RegExp(`^  remove +${s.plainB}  scheduled  entered `, 'm'));
    expect(r.stderr).toMatch(/Removing \[#+\] 100% 3\/3/);
    expect(r.stderr).toContain('Removed 3 duplicate sessions');
    for (const id of [s.plainB, s.richA, s.paidA]) expect(await exists(id!)).toBe(false);
  });

  it('--read-only: the scan works; --delete exits 2 at once, nothing removed; --delete --dry-run shows READ_ONLY', async () => {
    const scan = await cli('duplicates', '--read-only', '--json');
    expect(scan.code).toBe(0);
    expect(jsonOf<Doc>(scan).summary.proposed).toBe(3);
    const del = await cli('duplicates', '--read-only', '--delete', '--yes', '--json');
    expect(del.code).toBe(2);
    expect(del.stdout).toBe('');
    expect(del.stderr).toMatch(/read-only; nothing was changed/);
    const human = await run(['duplicates', '--delete', '--db', t.location], { env: { SESSIONCTL_READ_ONLY: '1' } });
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/read-only; nothing was changed/);
    expect(await countRows(t.db, 'sessions')).toBe(10);
  });

  it('no duplicates: says so, exit 0', async () => {
    const r = await cli('duplicates', '--from', '2027-01-01');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('No duplicate sessions found.');
    const j = jsonOf<Doc>(await cli('duplicates', '--from', '2027-01-01', '--delete', '--yes', '--json'));
    expect(j).toEqual({
      groups: [],
      results: [],
      summary: expect.objectContaining({ groups: 0, removed: 0 }),
    });
  });
});

describe.each(ENGINES)('duplicates --delete in bulk on %s', (engine) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDatabase(engine);
  });
  afterEach(async () => t.dispose());

  it('thousands of groups through the CLI: exact survivors, one audit row per removed session', async () => {
    const world = duplicateWorld(2400);
    await insertSeed(t.db, world.data);
    const r = await run(['duplicates', '--delete', '--yes', '--json', '--db', t.location]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const doc = jsonOf<Doc>(r);
    expect(doc.groups).toHaveLength(world.groups);
    expect(doc.groups.filter((g) => g.conflict)).toHaveLength(world.conflicts);
    expect(doc.summary).toMatchObject({ groups: 2000, conflicts: 400, proposed: world.removed.size, removed: world.removed.size });
    expect(new Map(doc.results!.map((x) => [x.id, x.duplicateOf]))).toEqual(world.removed);
    const left = ((await t.db.knex('sessions').select('id').orderBy('id')) as Array<{ id: number }>).map((x) => Number(x.id));
    expect(left).toEqual(world.survivors);
    const audit = (await t.db.knex('audit_log').select('session_id', 'detail')) as Array<{ session_id: number; detail: string }>;
    expect(audit).toHaveLength(world.removed.size);
    expect(new Map(audit.map((a) => [Number(a.session_id), JSON.parse(a.detail).reason]))).toEqual(
      new Map([...world.removed].map(([id, keep]) => [id, `duplicate of session ${keep}`])),
    );
  });
});
