// Duplicate clean-up through the actions, on both engines: thousands of groups of every kind, the
// exact survivors and one audit row per removed session; rules checked again at deletion time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession } from '../helpers/fixtures.js';
import { duplicateWorld } from '../helpers/duplicate-groups.js';
import { removeDuplicates, scanDuplicates, type PlannedGroup } from '../../src/actions/duplicates.js';
import { duplicateGroups } from '../../src/store/duplicates.js';
import { insertSeed } from '../../src/store/seed.js';
import type { Db } from '../../src/store/connection.js';
import type { OutcomeResult } from '../../src/domain/types.js';

async function plan(db: Db, filter = {}) {
  const groups: PlannedGroup[] = [];
  const summary = await scanDuplicates(db, filter, (g) => groups.push(g));
  const ids = groups.flatMap((g) => g.remove);
  const keepers = groups.flatMap((g) => g.remove.map(() => g.keep));
  return { groups, summary, removal: { ids, keepers } };
}

async function sessionIds(db: Db): Promise<number[]> {
  return ((await db.knex('sessions').select('id').orderBy('id')) as Array<{ id: number }>).map((r) => Number(r.id));
}

describe.each(ENGINES)('duplicate clean-up on %s', (engine) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDatabase(engine);
  });
  afterEach(async () => t.dispose());

  it('thousands of groups: exactly the proposed sessions go, one audit row each, conflicts and paid keepers stay', async () => {
    const world = duplicateWorld(3000);
    await insertSeed(t.db, world.data);
    const { groups, summary, removal } = await plan(t.db);
    expect(summary).toMatchObject({ groups: world.groups, conflicts: world.conflicts, proposed: world.removed.size });
    expect(world.groups).toBe(2500);
    expect(world.conflicts).toBe(500);
    expect(new Map(removal.ids.map((id, i) => [id, removal.keepers[i]]))).toEqual(world.removed);
    expect(groups.filter((g) => g.conflict).every((g) => g.remove.length === 0 && g.undeletable.length === 2)).toBe(true);

    const progress: number[] = [];
    const outcomes: string[] = [];
    await removeDuplicates(t.db, removal, {
      actor: 'bulk-test',
      batchSize: 400,
      onProgress: (done, total) => {
        expect(total).toBe(removal.ids.length);
        progress.push(done);
      },
      onResults: (results: readonly OutcomeResult[]) => outcomes.push(...results.map((r) => r.outcome)),
    });
    expect(outcomes).toHaveLength(world.removed.size);
    expect(new Set(outcomes)).toEqual(new Set(['deleted']));
    expect(progress.at(-1)).toBe(removal.ids.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    expect(await sessionIds(t.db)).toEqual(world.survivors);
    for (const id of world.paidKeepers.slice(0, 50)) expect(world.survivors).toContain(id);

    const audit = (await t.db.knex('audit_log').select('session_id', 'action', 'actor', 'detail')) as Array<{
      session_id: number;
      action: string;
      actor: string;
      detail: string;
    }>;
    expect(audit).toHaveLength(world.removed.size);
    const seen = new Set<number>();
    for (const row of audit) {
      const id = Number(row.session_id);
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      expect(row.action).toBe('session.delete');
      expect(row.actor).toBe('bulk-test');
      expect(JSON.parse(row.detail).reason).toBe(`duplicate of session ${world.removed.get(id)}`);
    }
    expect(seen).toEqual(new Set(world.removed.keys()));
    // Charges and draft notes of removed sessions went with them; the payments and claims all stay.
    expect(await countRows(t.db, 'payments')).toBe(world.data.payments!.length);
    expect(await countRows(t.db, 'claims')).toBe(world.data.claims!.length);

    // A second run finds only the conflicts, for a person to resolve.
    const again = await plan(t.db);
    expect(again.summary).toMatchObject({ groups: world.conflicts, conflicts: world.conflicts, proposed: 0 });
  });

  it('pages of any size give the same groups, in the same order', async () => {
    const world = duplicateWorld(60);
    await insertSeed(t.db, world.data);
    const collect = async (size: number) => {
      const all = [];
      for await (const page of duplicateGroups(t.db, {}, size)) {
        expect(page.length).toBeLessThanOrEqual(size);
        all.push(...page);
      }
      return all;
    };
    const whole = await collect(1000);
    expect(whole).toHaveLength(world.groups);
    expect(await collect(7)).toEqual(whole);
    expect(await collect(1)).toEqual(whole);
    expect(await collect(world.groups)).toEqual(whole);
  });

  it('leaves out a member changed while the scan is under way, and the group with it when one member is left', async () => {
    const base = await baseData(t.db);
    // Five groups of two, one patient each, so that the key order is the patient order.
    const ids: number[][] = [];
    for (let p = 0; p < 5; p++) {
      const patientId = Number(
        (await t.db.knex('patients').insert({ first_name: `P${p}`, last_name: 'Scan' }).returning('id')).map((r) =>
          typeof r === 'object' ? (r as { id: number }).id : r,
        )[0],
      );
      ids.push([await makeSession(t.db, base, { patientId }), await makeSession(t.db, base, { patientId })]);
    }
    const seen: number[][] = [];
    let changed = false;
    for await (const page of duplicateGroups(t.db, {}, 1)) {
      seen.push(...page.map((g) => g.members.map((m) => m.id)));
      if (!changed) {
        // Pages run ahead of the caller: the third group's key is read by now (on SQLite, surely: it
        // went to the one connection before these updates), its members not yet.
        changed = true;
        await t.db.knex('sessions').where({ id: ids[2]![1] }).update({ status: 'cancelled', session_class_id: base.classes.Cancelled });
        await t.db.knex('sessions').where({ id: ids[3]![1] }).update({ start_time: '17:45' });
      }
    }
    expect(seen).toEqual([ids[0], ids[1], ids[4]]);
  });

  it('filters by date range and provider', async () => {
    const world = duplicateWorld(60);
    await insertSeed(t.db, world.data);
    const { groups } = await plan(t.db, { from: '2026-01-10', to: '2026-01-20', providerIds: [2] });
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      expect(g.provider.id).toBe(2);
      expect(g.date >= '2026-01-10' && g.date <= '2026-01-20').toBe(true);
    }
    const all = (await plan(t.db)).groups.filter((g) => g.provider.id === 2 && g.date >= '2026-01-10' && g.date <= '2026-01-20');
    expect(groups).toEqual(all);
  });

  it('checks the rules again at deletion: a payment posted since the scan refuses that one, one gone is not-found', async () => {
    const world = duplicateWorld(12);
    await insertSeed(t.db, world.data);
    const { removal } = await plan(t.db);
    const [paidLater, goneLater, ...rest] = removal.ids;
    await t.db.knex('payments').insert({ session_id: paidLater, amount_cents: 100, method: 'cash', posted_at: '2026-11-27T10:00:00Z' });
    await t.db.knex('charges').where({ session_id: goneLater }).delete();
    await t.db.knex('notes').where({ session_id: goneLater }).delete();
    await t.db.knex('sessions').where({ id: goneLater }).delete();
    const results: OutcomeResult[] = [];
    await removeDuplicates(t.db, removal, { actor: 'x', batchSize: 3, onResults: (r) => results.push(...r) });
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get(paidLater!)).toMatchObject({ outcome: 'blocked', reasons: [{ code: 'PAYMENTS_POSTED' }] });
    expect(byId.get(goneLater!)?.outcome).toBe('not-found');
    for (const id of rest) expect(byId.get(id)?.outcome).toBe('deleted');
    expect(await countRows(t.db, 'audit_log')).toBe(rest.length);
    expect(await countRows(t.db, 'sessions', { id: paidLater })).toBe(1);
  });

  it('a dry run changes nothing; a read-only database proposes the same keepers and removes nothing', async () => {
    const world = duplicateWorld(24);
    await insertSeed(t.db, world.data);
    const writable = await plan(t.db);
    const dry: string[] = [];
    await removeDuplicates(t.db, writable.removal, { actor: 'x', dryRun: true, onResults: (r) => dry.push(...r.map((x) => x.outcome)) });
    expect(new Set(dry)).toEqual(new Set(['would-delete']));
    expect(await countRows(t.db, 'audit_log')).toBe(0);

    const ro = t.open({ readOnly: true });
    const readOnly = await plan(ro);
    expect(readOnly.groups).toEqual(writable.groups);
    const refused: OutcomeResult[] = [];
    await removeDuplicates(ro, readOnly.removal, { actor: 'x', onResults: (r) => refused.push(...r) });
    expect(refused.every((r) => r.outcome === 'blocked' && r.reasons.some((x) => x.code === 'READ_ONLY'))).toBe(true);
    expect((await sessionIds(t.db)).length).toBe(world.data.sessions!.length);
  });
});
