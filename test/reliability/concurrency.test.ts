// Several administrators at once, as real processes of the built CLI (and, for the front desk and the
// checks, runs in this process beside them) on one database, on SQLite and
// on PostgreSQL: the same session deleted or cancelled twice, a payment posted while a delete runs,
// a bulk clean-up while the front desk cancels sessions in the same groups. After every round the
// database must hold no orphan rows and exactly one audit row per change, each with what it removed.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { STACK_LINE, finish, runCli, startCli } from '../helpers/procs.js';
import { run, type HarnessResult } from '../helpers/harness.js';
import { baseline, checkInvariants } from '../helpers/invariants.js';
import { cancelSessions, deleteSessions, resolveCancellationClass } from '../../src/actions/sessions.js';
import type { Db } from '../../src/store/connection.js';

// Real processes on a shared two-core machine: minutes, not the default minute.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

// Each round starts real processes (a third of a second each); the tight in-process rounds below race
// the same actions a hundred times more cheaply.
const ROUNDS = Number(process.env.CONCURRENCY_ROUNDS ?? 2);
const TIGHT_ROUNDS = Number(process.env.CONCURRENCY_TIGHT_ROUNDS ?? 100);

interface Outcome {
  id: number;
  outcome: string;
  reasons: Array<{ code: string }>;
}

function outcomeOf(r: { stdout: string; stderr: string }): Outcome {
  expect(r.stderr, 'no stack trace').not.toMatch(STACK_LINE);
  const doc = JSON.parse(r.stdout) as { results: Outcome[] };
  expect(doc.results).toHaveLength(1);
  return doc.results[0]!;
}

const tally: Record<string, number> = {};
const count = (key: string, n = 1) => (tally[key] = (tally[key] ?? 0) + n);

async function paymentsOf(db: Db, id: number): Promise<number> {
  const [row] = await db.knex('payments').where({ session_id: id }).count({ n: '*' });
  return Number((row as { n: number | string }).n);
}

describe.each(ENGINES)('administrators at once on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  beforeAll(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
  });
  afterAll(async () => t.dispose());

  const attached = { charges: 2, draftNotes: 1 };
  const cli = (actor: string, ...args: string[]) => startCli(['--db', t.location, '--yes', '--json', '--actor', actor, ...args]);

  it(`delete/delete, cancel/cancel and delete/cancel on the same sessions: one wins, the other is told (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const date = `2026-11-${String(2 + round).padStart(2, '0')}`;
      const a = await makeSession(t.db, base, { date, start: '08:00', ...attached });
      const b = await makeSession(t.db, base, { date, start: '09:00', ...attached });
      const c = await makeSession(t.db, base, { date, start: '10:00', ...attached });
      const snap = await baseline(t.db);
      // All six start together; the database decides who is first.
      const runs = await Promise.all(
        [
          cli('admin-a', 'delete', String(a)),
          cli('admin-b', 'delete', String(a)),
          cli('admin-a', 'cancel', String(b), '--class', 'No Show'),
          cli('admin-b', 'cancel', String(b), '--class', 'Cancelled'),
          cli('admin-a', 'delete', String(c)),
          cli('admin-b', 'cancel', String(c), '--class', 'No Show'),
        ].map((p) => finish(p)),
      );
      const [a1, a2, b1, b2, cDel, cCan] = runs.map(outcomeOf);
      const codes = runs.map((r) => r.code);

      const twoDeletes = [a1!, a2!].map((o) => o.outcome).sort();
      expect(twoDeletes).toEqual(['deleted', 'not-found']);
      expect([codes[0], codes[1]].sort()).toEqual([0, 1]);

      const twoCancels = [b1!, b2!].sort((x, y) => x.outcome.localeCompare(y.outcome));
      expect(twoCancels.map((o) => o.outcome)).toEqual(['blocked', 'cancelled']);
      expect(twoCancels[0]!.reasons.map((r) => r.code)).toEqual(['ALREADY_CANCELLED']);
      expect([codes[2], codes[3]].sort()).toEqual([0, 3]);

      // Delete first: the cancel finds nothing. Cancel first: a cancelled session may still be deleted.
      const mixed = `${cDel!.outcome}/${cCan!.outcome}`;
      expect(['deleted/not-found', 'deleted/cancelled']).toContain(mixed);
      expect([codes[4], codes[5]]).toEqual(mixed === 'deleted/not-found' ? [0, 1] : [0, 0]);
      count(`${engine} delete-vs-cancel ${mixed}`);

      const verdict = await checkInvariants(t.db, snap, { actors: ['admin-a', 'admin-b'] });
      expect(verdict.violations).toEqual([]);
      expect(verdict.deleted).toEqual([a, c]);
      expect(verdict.cancelled).toEqual([b]);
      // The audit row names the administrator whose run reported the change.
      const winner = a1!.outcome === 'deleted' ? 'admin-a' : 'admin-b';
      const row = await t.db.knex('audit_log').where({ session_id: a, action: 'session.delete' }).first();
      expect(row.actor).toBe(winner);
      count(`${engine} processes`, runs.length);
      count(`${engine} races`, 3);
    }
  });

  it(`a payment posted by another connection while the delete runs: refused or the payment fails, never both (${ROUNDS} rounds)`, async () => {
    // How long a delete takes here, start-up included: the payments are spread over that time.
    const probe = await runCli(['--db', t.location, '--yes', '--json', 'delete', String(await makeSession(t.db, base, { date: '2026-12-01' }))]);
    for (let round = 0; round < ROUNDS; round++) {
      const id = await makeSession(t.db, base, { date: '2026-12-01', start: '11:00', ...attached });
      const snap = await baseline(t.db);
      const child = cli('admin-a', 'delete', String(id));
      const done = finish(child);
      // Early rounds post the payment before the delete's transaction, late ones after it.
      await new Promise((r) => setTimeout(r, probe.ms * (0.4 + (0.9 * round) / Math.max(1, ROUNDS - 1))));
      const posted = await t.db.knex('payments')
        .insert({ session_id: id, amount_cents: 4000, method: 'card', posted_at: '2026-12-01T12:00:00Z' })
        .then(() => true, (err: Error) => {
          expect(err.message).toMatch(/foreign key|violates/i);
          return false;
        });
      const r = await done;
      const o = outcomeOf(r);
      if (posted) {
        expect(o.outcome).toBe('blocked');
        expect(o.reasons.map((x) => x.code)).toEqual(['PAYMENTS_POSTED']);
        expect(r.code).toBe(3);
        expect(await paymentsOf(t.db, id)).toBe(1);
      } else {
        expect(o.outcome).toBe('deleted');
        expect(r.code).toBe(0);
      }
      count(`${engine} payment race ${posted ? 'payment first' : 'delete first'}`);
      count(`${engine} races`);
      count(`${engine} processes`);
      const verdict = await checkInvariants(t.db, snap);
      expect(verdict.violations).toEqual([]);
      expect(verdict.deleted).toEqual(posted ? [] : [id]);
    }
  });

  it('a payment posted between the listing and the delete: the delete decides again and refuses', async () => {
    const id = await makeSession(t.db, base, { date: '2026-12-02', start: '12:00', ...attached });
    const listed = await run(['--db', t.location, '--json', 'dashboard', '--date', '2026-12-02']);
    const row = (JSON.parse(listed.stdout) as { sessions: Array<{ id: number; actions: { delete: { allowed: boolean } } }> }).sessions.find((s) => s.id === id);
    expect(row!.actions.delete.allowed).toBe(true);
    await t.db.knex('payments').insert({ session_id: id, amount_cents: 4000, method: 'card', posted_at: '2026-12-02T12:30:00Z' });
    const snap = await baseline(t.db);
    const r = await run(['--db', t.location, '--yes', '--json', 'delete', String(id)]);
    expect(r.code).toBe(3);
    expect(outcomeOf(r).reasons.map((x) => x.code)).toEqual(['PAYMENTS_POSTED']);
    const verdict = await checkInvariants(t.db, snap);
    expect(verdict.violations).toEqual([]);
    expect(verdict.deleted).toEqual([]);
    count(`${engine} races`);
    count(`${engine} processes`, 2);
  });

  it(`two connections in one process racing on the actions themselves (${TIGHT_ROUNDS} rounds, no process start-up between them)`, async () => {
    const other = t.open();
    const dbs = [t.db, other];
    const cls = await resolveCancellationClass(t.db, 'No Show');
    for (let round = 0; round < TIGHT_ROUNDS; round++) {
      const ids = [
        await makeSession(t.db, base, { date: '2026-12-03', start: '08:00', ...attached }),
        await makeSession(t.db, base, { date: '2026-12-03', start: '09:00', ...attached }),
      ];
      const snap = await baseline(t.db);
      // Each connection works on both sessions in the opposite order: deletes and cancels interleave.
      const kinds = round % 3;
      const results = await Promise.all(
        dbs.map((db, i) => {
          const order = i === 0 ? ids : [...ids].reverse();
          const opts = { actor: `conn-${i}`, batchSize: 1 };
          if (kinds === 0) return deleteSessions(db, order, opts);
          if (kinds === 1) return cancelSessions(db, order, cls, opts);
          return i === 0 ? deleteSessions(db, order, opts) : cancelSessions(db, order, cls, opts);
        }),
      );
      const outcomes = results.flat().map((r) => r.outcome);
      if (kinds === 0) expect(outcomes.sort()).toEqual(['deleted', 'deleted', 'not-found', 'not-found']);
      if (kinds === 1) expect(outcomes.sort()).toEqual(['blocked', 'blocked', 'cancelled', 'cancelled']);
      const verdict = await checkInvariants(t.db, snap, { actors: ['conn-0', 'conn-1'] });
      expect(verdict.violations).toEqual([]);
      if (kinds !== 1) expect(verdict.deleted).toEqual(ids);
      count(`${engine} tight races`, 2);
    }
  });
});

interface GroupSeed {
  ids: number[];
}

/** `n` groups of two or three identical sessions (same patient, provider, date, start), with charges and drafts. */
async function seedGroups(db: Db, base: BaseIds, n: number, month: string): Promise<GroupSeed[]> {
  const rows: Array<Record<string, unknown>> = [];
  const groupOf: number[] = [];
  for (let g = 0; g < n; g++) {
    const slot = Math.floor(g / 28);
    const size = 2 + (g % 2);
    for (let m = 0; m < size; m++) {
      groupOf.push(g);
      rows.push({
        patient_id: base.patients[g % base.patients.length],
        provider_id: base.providers[Math.floor(g / base.patients.length) % base.providers.length],
        location_id: base.locations[0],
        scheduled_date: `${month}-${String(1 + (g % 28)).padStart(2, '0')}`,
        start_time: `${String(7 + Math.floor(slot / 4)).padStart(2, '0')}:${String((slot % 4) * 15).padStart(2, '0')}`,
        duration_minutes: 45,
        status: 'scheduled',
        created_at: `2026-10-01T00:${String(Math.floor(rows.length / 60) % 60).padStart(2, '0')}:${String(rows.length % 60).padStart(2, '0')}Z`,
      });
    }
  }
  const inserted = (await db.knex('sessions').insert(rows).returning('id')) as Array<{ id: number } | number>;
  const ids = inserted.map((r) => Number(typeof r === 'object' ? r.id : r));
  const groups: GroupSeed[] = Array.from({ length: n }, () => ({ ids: [] }));
  ids.forEach((id, i) => groups[groupOf[i]!]!.ids.push(id));
  await db.knex('charges').insert(groups.map((g) => ({ session_id: g.ids[0], cpt_code: '97110', units: 1, amount_cents: 3500 })));
  await db.knex('notes').insert(groups.map((g) => ({ session_id: g.ids[1], status: 'draft', finalized_at: null })));
  return groups;
}

describe.each(ENGINES)('a bulk clean-up while the front desk cancels on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  beforeAll(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
  });
  afterAll(async () => t.dispose());

  it('keeps one session of every group, removes nothing twice, and audits every change exactly once', async () => {
    const months = ['2027-01', '2027-02'];
    for (const month of months) {
      const groups = await seedGroups(t.db, base, 120, month);
      const snap = await baseline(t.db);
      const members = groups.flatMap((g) => g.ids);
      // Front desk: four runs of cancellations spread over the groups, while the clean-up runs.
      const picks = [0, 1, 2, 3].map((k) => members.filter((_, i) => i % 17 === k * 4).map(String));
      const bulk = finish(startCli(['--db', t.location, '--yes', '--json', '--actor', 'bulk', 'duplicates', '--delete', '--from', `${month}-01`, '--to', `${month}-28`]));
      // The desk works in this process, one run after another, spread over the clean-up's run.
      const desk = (async () => {
        const done: HarnessResult[] = [];
        for (const ids of picks) {
          await new Promise((r) => setTimeout(r, 150));
          done.push(await run(['--db', t.location, '--yes', '--json', '--actor', 'desk', 'cancel', ...ids, '--class', 'No Show']));
        }
        return done;
      })();
      const [b, cancels] = await Promise.all([bulk, desk]);
      expect([0, 1, 3], b.stderr).toContain(b.code);
      const report = JSON.parse(b.stdout) as { results: Outcome[] };
      for (const c of cancels) {
        expect([0, 1, 3], c.stderr).toContain(c.code);
        JSON.parse(c.stdout);
      }
      const verdict = await checkInvariants(t.db, snap, { actors: ['bulk', 'desk'] });
      expect(verdict.violations).toEqual([]);
      // What the clean-up says it deleted is exactly what is gone.
      expect(report.results.filter((r) => r.outcome === 'deleted').map((r) => r.id).sort((x, y) => x - y)).toEqual(verdict.deleted);
      const left = new Set((await t.db.knex('sessions').select('id')).map((r: { id: unknown }) => Number(r.id)));
      for (const g of groups) expect(g.ids.some((id) => left.has(id)), `group ${g.ids}`).toBe(true);
      const cancelledThenRemoved = (await t.db.knex('audit_log').where('id', '>', snap.auditMax).where({ action: 'session.cancel' }).select('session_id'))
        .map((r: { session_id: unknown }) => Number(r.session_id))
        .filter((id: number) => !left.has(id));
      count(`${engine} bulk rounds`);
      count(`${engine} processes`);
      count(`${engine} bulk: cancelled by the desk, then removed as duplicates`, cancelledThenRemoved.length);
      count(`${engine} bulk: removed`, verdict.deleted.length);
    }
  });
});

afterAll(() => {
  console.info(`[reliability] concurrency: ${JSON.stringify(tally, null, 1)}`);
});
