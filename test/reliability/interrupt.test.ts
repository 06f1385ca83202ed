// Runs that do not end as planned: a bulk clean-up killed (SIGKILL, SIGINT, SIGTERM) in the middle
// of its batches, and a person pressing Ctrl-C at a confirmation. Whatever the moment, each session
// is either deleted with its audit row (and addendum) or untouched, and a rerun finishes the job
// with the same result as a run that was never interrupted.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession, setMode } from '../helpers/fixtures.js';
import { duplicateWorld, type DuplicateWorld } from '../helpers/duplicate-groups.js';
import { finish, runCli, startCli } from '../helpers/procs.js';
import { baseline, checkInvariants, digest, type Baseline } from '../helpers/invariants.js';
import { KEY, startTerminal } from '../helpers/pty.js';
import { insertSeed } from '../../src/store/seed.js';
import type { Db } from '../../src/store/connection.js';

// Real processes on a shared two-core machine: minutes, not the default minute.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const SCENARIOS = Number(process.env.INTERRUPT_SCENARIOS ?? 4800);
const KILLS = Number(process.env.INTERRUPT_KILLS ?? 4);

const tally: Record<string, number> = {};
const count = (key: string, n = 1) => (tally[key] = (tally[key] ?? 0) + n);

async function auditRowsAfter(db: Db, id: number): Promise<number> {
  const [row] = await db.knex('audit_log').where('id', '>', id).count({ n: '*' });
  return Number((row as { n: number | string }).n);
}

async function sessionIds(db: Db): Promise<number[]> {
  return (await db.knex('sessions').select('id').orderBy('id')).map((r: { id: unknown }) => Number(r.id));
}

describe.each(ENGINES)('a bulk clean-up killed midway on %s', (engine) => {
  let t: TestDb;
  let world: DuplicateWorld;
  let snap: Baseline;
  beforeAll(async () => {
    t = await testDatabase(engine);
    world = duplicateWorld(SCENARIOS);
    await insertSeed(t.db, world.data);
    // webpt: each delete also owes an addendum, which must live or die with it.
    await setMode(t.db, 'webpt');
    snap = await baseline(t.db);
  });
  afterAll(async () => t.dispose());

  /** Every deletion so far is one the clean-up should make, audited with the session it duplicates. */
  async function expectConsistent(): Promise<number[]> {
    const verdict = await checkInvariants(t.db, snap, { actors: ['cleanup'] });
    expect(verdict.violations).toEqual([]);
    expect(verdict.cancelled).toEqual([]);
    for (const id of verdict.deleted) expect(world.removed.has(id), `session ${id} must survive`).toBe(true);
    return verdict.deleted;
  }

  const cleanup = () => startCli(['--db', t.location, '--yes', '--json', '--actor', 'cleanup', 'duplicates', '--delete']);

  it(`survives ${KILLS} kills at different moments, then a rerun finishes with the uninterrupted result`, async () => {
    // Killed while starting up or scanning: nothing has been written yet.
    const early = cleanup();
    setTimeout(() => early.kill('SIGKILL'), 150);
    const first = await finish(early);
    expect(first.signal).toBe('SIGKILL');
    expect(await expectConsistent()).toEqual([]);
    count(`${engine} kills`);

    // Then killed right after a batch commits, while the next one is in flight: by SIGKILL, and by
    // the Ctrl-C and termination signals that a terminal or a scheduler sends.
    const signals: NodeJS.Signals[] = ['SIGKILL', 'SIGINT', 'SIGTERM', 'SIGKILL', 'SIGKILL', 'SIGKILL'];
    let deletedSoFar = 0;
    for (let k = 0; k < KILLS - 1; k++) {
      const before = await auditRowsAfter(t.db, snap.auditMax);
      const child = cleanup();
      const done = finish(child);
      let exited = false;
      void done.then(() => (exited = true));
      while (!exited && (await auditRowsAfter(t.db, snap.auditMax)) === before) await new Promise((r) => setTimeout(r, 5));
      if (exited) break;
      const signal = signals[k % signals.length]!;
      child.kill(signal);
      const r = await done;
      expect(r.signal, r.stderr).toBe(signal);
      const deleted = await expectConsistent();
      expect(deleted.length).toBeGreaterThan(deletedSoFar);
      expect(deleted.length).toBeLessThan(world.removed.size);
      deletedSoFar = deleted.length;
      count(`${engine} kills`);
      count(`${engine} kills midway (${signal})`);
    }

    const rerun = await finish(cleanup());
    expect(rerun.code, rerun.stderr).toBe(0);
    const deleted = await expectConsistent();
    expect(deleted).toEqual([...world.removed.keys()].sort((a, b) => a - b));
    expect(await sessionIds(t.db)).toEqual(world.survivors);
    // Each removal says which session it duplicated, as an uninterrupted run would.
    const reasons = await t.db.knex('audit_log').where('id', '>', snap.auditMax).select('session_id', 'detail');
    for (const r of reasons) {
      expect((JSON.parse(r.detail) as { reason: string }).reason).toBe(`duplicate of session ${world.removed.get(Number(r.session_id))}`);
    }
    const again = await runCli(['--db', t.location, '--yes', '--json', 'duplicates', '--delete']);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { summary: { removed: number } }).summary.removed).toBe(0);
    count(`${engine} sessions removed across the interrupted runs`, deleted.length);
  });
});

describe.each(ENGINES)('Ctrl-C at a confirmation on %s', (engine) => {
  let t: TestDb;
  let ids: number[];
  beforeAll(async () => {
    t = await testDatabase(engine);
    const base = await baseData(t.db);
    ids = [];
    for (let i = 0; i < 3; i++) ids.push(await makeSession(t.db, base, { date: '2026-11-27', start: '10:00', charges: 1, draftNotes: 1 }));
  });
  afterAll(async () => t.dispose());

  it.each([
    ['delete', (ids: number[]) => ['delete', String(ids[0])]],
    ['cancel', (ids: number[]) => ['cancel', String(ids[1]), '--class', 'No Show']],
    ['duplicates --delete', () => ['duplicates', '--delete']],
  ])('%s: Ctrl-C exits 130 and changes nothing', async (_label, args) => {
    const before = await digest(t.db);
    const term = startTerminal(['--db', t.location, ...args(ids)]);
    try {
      await term.waitFor(/\(y\/N\)/);
      term.send(KEY.ctrlC);
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
    }
    expect(await digest(t.db)).toEqual(before);
    count(`${engine} Ctrl-C at a prompt`);
  });

  it('a payment posted while the prompt waits: confirming is refused by the rules, exit 3', async () => {
    const id = ids[2]!;
    const term = startTerminal(['--db', t.location, 'delete', String(id)]);
    try {
      await term.waitFor(/\(y\/N\)/);
      await t.db.knex('payments').insert({ session_id: id, amount_cents: 1500, method: 'cash', posted_at: '2026-11-27T12:01:00Z' });
      const snap = await baseline(t.db);
      term.send('y');
      term.send(KEY.enter);
      expect(await term.exited).toBe(3);
      expect(term.all()).toMatch(/payment/i);
      expect((await checkInvariants(t.db, snap)).violations).toEqual([]);
      expect(await sessionIds(t.db)).toContain(id);
    } finally {
      term.kill();
    }
    count(`${engine} races`);
  });
});

afterAll(() => {
  console.info(`[reliability] interruptions: ${JSON.stringify(tally, null, 1)}`);
});
