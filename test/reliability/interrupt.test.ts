// Runs that do not end as planned: a bulk clean-up, a bulk delete and a bulk cancel killed (SIGKILL,
// SIGINT, SIGTERM) in the middle of their batches, and a person pressing Ctrl-C at a confirmation. Whatever the moment, each session
// is either deleted with its audit row (and addendum) or untouched, and a rerun finishes the job
// with the same result as a run that was never interrupted.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession, setMode } from '../helpers/fixtures.js';
import { duplicateWorld, type DuplicateWorld } from '../helpers/duplicate-groups.js';
import type { ChildProcess } from 'node:child_process';
import { finish, startCli } from '../helpers/procs.js';
import { INTERRUPT, ask, run } from '../helpers/harness.js';
import { baseline, checkInvariants, digest, type Baseline } from '../helpers/invariants.js';
import { KEY, startTerminal } from '../helpers/pty.js';
import { insertSeed } from '../../src/store/seed.js';
import { DUPLICATE_BATCH } from '../../src/actions/duplicates.js';
import type { Db } from '../../src/store/connection.js';

// Real processes on a shared two-core machine: minutes, not the default minute.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

/** Kills after a batch has committed and before the last: each needs a batch of its own. */
const MIDWAY_SIGNALS: NodeJS.Signals[] = (process.env.INTERRUPT_SIGNALS ?? 'SIGKILL').split(',') as NodeJS.Signals[];
/** Removals are 5 in 6 scenarios of duplicateWorld: a batch per kill, and half a batch left for the rerun. */
const SCENARIOS = Number(process.env.INTERRUPT_SCENARIOS ?? Math.ceil(((MIDWAY_SIGNALS.length + 0.5) * DUPLICATE_BATCH * 6) / 5));
/** Sessions for a bulk delete and a bulk cancel by id (the actions commit every 500). */
// Enough batches (500 each) per command that SIGINT and SIGTERM, which let the batch in flight
// commit before the run stops, still leave it midway.
const BULK = Number(process.env.INTERRUPT_BULK ?? 4800);

const tally: Record<string, number> = {};
const count = (key: string, n = 1) => (tally[key] = (tally[key] ?? 0) + n);

async function auditRowsAfter(db: Db, id: number): Promise<number> {
  const [row] = await db.knex('audit_log').where('id', '>', id).count({ n: '*' });
  return Number((row as { n: number | string }).n);
}

async function sessionIds(db: Db): Promise<number[]> {
  return (await db.knex('sessions').select('id').orderBy('id')).map((r: { id: unknown }) => Number(r.id));
}

/**
 * Starts a run and sends it `signal` as soon as one more batch has committed (audit rows appeared):
 * the next batch is then in flight. Fails when the run ends first (its batches are too large for a
 * kill midway).
 */
async function killAfterNextCommit(db: Db, auditMax: number, child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const before = await auditRowsAfter(db, auditMax);
  const done = finish(child);
  let exited = false;
  void done.then(() => (exited = true));
  while (!exited && (await auditRowsAfter(db, auditMax)) === before) await new Promise((r) => setTimeout(r, 5));
  expect(exited, 'the run finished before it could be killed midway: more rows are needed per batch').toBe(false);
  child.kill(signal);
  const r = await done;
  if (signal === 'SIGKILL') {
    expect(r.signal, r.stderr).toBe(signal);
    return;
  }
  // SIGINT and SIGTERM: the batch in flight commits, then what was committed is reported (the JSON
  // results, marked interrupted) and the run exits 130.
  expect(r.code, r.stderr).toBe(130);
  expect(r.stdout).toMatch(/"interrupted": true/);
  expect(() => JSON.parse(r.stdout)).not.toThrow();
  expect(r.stderr).toMatch(/Interrupted: \d+ /);
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

  it(`survives ${MIDWAY_SIGNALS.length + 1} kills (${SCENARIOS} scenarios), then a rerun finishes with the uninterrupted result`, async () => {
    // Killed while starting up or scanning: nothing has been written yet.
    const early = cleanup();
    setTimeout(() => early.kill('SIGKILL'), 150);
    const first = await finish(early);
    expect(first.signal).toBe('SIGKILL');
    expect(await expectConsistent()).toEqual([]);
    count(`${engine} kills`);

    // Then killed right after a batch commits, while the next one is in flight.
    let deletedSoFar = 0;
    for (const signal of MIDWAY_SIGNALS) {
      await killAfterNextCommit(t.db, snap.auditMax, cleanup(), signal);
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
    const again = await run(['--db', t.location, '--yes', '--json', 'duplicates', '--delete']);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { summary: { removed: number } }).summary.removed).toBe(0);
    count(`${engine} sessions removed across the interrupted runs`, deleted.length);
  });
});

/** `n` deletable sessions (a charge and a draft note each), written as the practice application would. */
async function bulkSessions(db: Db, n: number): Promise<number[]> {
  const base = await baseData(db);
  const first = Number((await db.knex('sessions').max({ m: 'id' }).first())?.m ?? 0) + 1;
  const ids = Array.from({ length: n }, (_, i) => first + i);
  const sessions = ids.map((id, i) => ({
    id,
    patient_id: base.patients[i % base.patients.length],
    provider_id: base.providers[i % base.providers.length],
    location_id: null,
    scheduled_date: `2026-12-${String(1 + (i % 28)).padStart(2, '0')}`,
    start_time: `${String(7 + (i % 10)).padStart(2, '0')}:${String((Math.floor(i / 10) % 12) * 5).padStart(2, '0')}`,
    duration_minutes: 30,
    status: 'scheduled',
    session_class_id: null,
    confirmed_at: null,
    cancelled_at: null,
    created_at: '2026-11-01T00:00:00Z',
  }));
  await insertSeed(db, {
    sessions,
    charges: ids.map((id) => ({ session_id: id, cpt_code: '97110', units: 1, amount_cents: 3500 })),
    notes: ids.map((id) => ({ session_id: id, status: 'draft', finalized_at: null })),
  });
  return ids;
}

describe.each(ENGINES)('a bulk delete and a bulk cancel by id killed midway on %s', (engine) => {
  it(`leave each of ${BULK} sessions done with its audit row or untouched; the same command again finishes`, async () => {
    const t = await testDatabase(engine);
    const ids = await bulkSessions(t.db, BULK);
    const snap = await baseline(t.db);
    const half = BULK / 2;
    const toDelete = ids.slice(0, half).map(String);
    const toCancel = ids.slice(half).map(String);
    const deleteArgs = ['--db', t.location, '--yes', '--json', '--actor', 'bulk', 'delete', ...toDelete];
    const cancelArgs = ['--db', t.location, '--yes', '--json', '--actor', 'bulk', 'cancel', ...toCancel, '--class', 'No Show'];
    const deleteRun = () => startCli(deleteArgs);
    const cancelRun = () => startCli(cancelArgs);

    // The delete twice (SIGKILL, then the Ctrl-C a terminal sends), the cancel once (what a scheduler sends).
    await killAfterNextCommit(t.db, snap.auditMax, deleteRun(), 'SIGKILL');
    await killAfterNextCommit(t.db, snap.auditMax, deleteRun(), 'SIGINT');
    await killAfterNextCommit(t.db, snap.auditMax, cancelRun(), 'SIGTERM');
    const midway = await checkInvariants(t.db, snap, { actors: ['bulk'] });
    expect(midway.violations).toEqual([]);
    expect(midway.deleted.length).toBeGreaterThan(0);
    expect(midway.deleted.length).toBeLessThan(half);
    expect(midway.cancelled.length).toBeGreaterThan(0);
    expect(midway.cancelled.length).toBeLessThan(half);
    count(`${engine} kills`, 3);
    count(`${engine} kills midway (bulk delete SIGKILL and SIGINT, bulk cancel SIGTERM)`, 3);

    // The same commands again (in this process: the binary has been proved above): what was done is
    // reported (not found / already cancelled), the rest is done.
    const del = await run(deleteArgs);
    expect(del.code, del.stderr).toBe(1);
    const delOutcomes = (JSON.parse(del.stdout) as { results: Array<{ outcome: string }> }).results.map((r) => r.outcome);
    expect(delOutcomes.filter((o) => o === 'not-found')).toHaveLength(midway.deleted.length);
    const can = await run(cancelArgs);
    expect(can.code, can.stderr).toBe(3);
    const done = await checkInvariants(t.db, snap, { actors: ['bulk'] });
    expect(done.violations).toEqual([]);
    expect(done.deleted).toEqual(ids.slice(0, half));
    expect(done.cancelled).toEqual(ids.slice(half));
    count(`${engine} sessions changed across the interrupted bulk runs`, BULK);
    await t.dispose();
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

  it('delete in a real terminal: Ctrl-C exits 130 and changes nothing', async () => {
    const before = await digest(t.db);
    const term = startTerminal(['--db', t.location, 'delete', String(ids[0])]);
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

  it.each([
    ['delete', (ids: number[]) => ['delete', String(ids[0])]],
    ['cancel', (ids: number[]) => ['cancel', String(ids[1]), '--class', 'No Show']],
    ['duplicates --delete', () => ['duplicates', '--delete']],
  ])('%s, scripted: Ctrl-C exits 130 and changes nothing', async (_label, args) => {
    const before = await digest(t.db);
    const r = await run(['--db', t.location, ...args(ids)], { tty: true, answers: [ask.confirm(INTERRUPT)] });
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('Interrupted; nothing was changed.');
    expect(await digest(t.db)).toEqual(before);
    count(`${engine} Ctrl-C at a prompt`);
  });

  it('a payment posted while the prompt waits: confirming is refused by the rules, exit 3', async () => {
    const id = ids[2]!;
    let snap: Baseline | undefined;
    const r = await run(['--db', t.location, 'delete', String(id)], {
      tty: true,
      answers: [
        ask.confirm(async () => {
          await t.db.knex('payments').insert({ session_id: id, amount_cents: 1500, method: 'cash', posted_at: '2026-11-27T12:01:00Z' });
          snap = await baseline(t.db);
          return true;
        }),
      ],
    });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/payment/i);
    expect((await checkInvariants(t.db, snap!)).violations).toEqual([]);
    expect(await sessionIds(t.db)).toContain(id);
    count(`${engine} races`);
  });
});

afterAll(() => {
  console.info(`[reliability] interruptions: ${JSON.stringify(tally, null, 1)}`);
});
