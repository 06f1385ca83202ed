// The clean-up acts on a plan made by an earlier scan; whatever changed since (the keeper deleted or
// cancelled by another administrator, the copy cancelled or moved) must stop that copy's removal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, countRows, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { removeDuplicates, scanDuplicates, type PlannedGroup } from '../../src/actions/duplicates.js';
import { cancelSessions, deleteSessions } from '../../src/actions/sessions.js';
import type { OutcomeResult } from '../../src/domain/types.js';

describe.each(ENGINES)('a stale duplicate plan on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  // Three groups of two; in each the second copy carries a charge, so it is the keeper.
  let groups: Array<{ copy: number; keeper: number }>;
  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
    groups = [];
    for (const start of ['09:00', '10:00', '11:00']) {
      const copy = await makeSession(t.db, base, { start });
      const keeper = await makeSession(t.db, base, { start, charges: 1 });
      groups.push({ copy, keeper });
    }
  });
  afterEach(async () => t.dispose());

  async function scan() {
    const planned: PlannedGroup[] = [];
    await scanDuplicates(t.db, {}, (g) => planned.push(g));
    return {
      ids: planned.flatMap((g) => g.remove),
      keepers: planned.flatMap((g) => g.remove.map(() => g.keep)),
    };
  }

  async function cleanUp(removal: { ids: number[]; keepers: number[] }, dryRun = false): Promise<OutcomeResult[]> {
    const results: OutcomeResult[] = [];
    await removeDuplicates(t.db, removal, { actor: 'cron', dryRun, onResults: (r) => results.push(...r) });
    return results;
  }

  it('refuses to remove the last copy once the keeper is gone, cancelled, or the copy itself changed', async () => {
    const removal = await scan();
    expect(removal.ids).toEqual(groups.map((g) => g.copy));
    expect(removal.keepers).toEqual(groups.map((g) => g.keeper));
    const [a, b, c] = groups as [typeof groups[0], typeof groups[0], typeof groups[0]];
    const admin = { actor: 'front-desk' };
    await deleteSessions(t.db, [a.keeper], admin);
    const cancelled = await t.db.knex('session_classes').where({ name: 'No Show' }).first();
    await cancelSessions(t.db, [b.keeper], { id: cancelled.id, name: 'No Show', isCancellation: true, active: true }, admin);
    await t.db.knex('sessions').where({ id: c.copy }).update({ start_time: '15:30' });

    for (const dryRun of [true, false]) {
      const results = await cleanUp(removal, dryRun);
      expect(results.map((r) => [r.id, r.outcome, r.reasons.map((x) => x.code)])).toEqual([
        [a.copy, 'blocked', ['NO_LONGER_DUPLICATE']],
        [b.copy, 'blocked', ['NO_LONGER_DUPLICATE']],
        [c.copy, 'blocked', ['NO_LONGER_DUPLICATE']],
      ]);
      expect(results[0]!.reasons[0]!.message).toMatch(new RegExp(`session ${a.keeper}, the one to keep, no longer exists`));
      expect(results[1]!.reasons[0]!.message).toMatch(/has been cancelled/);
      expect(results[2]!.reasons[0]!.message).toMatch(/no longer shares patient, provider, date and time/);
    }
    for (const g of groups) expect(await countRows(t.db, 'sessions', { id: g.copy })).toBe(1);
    expect(await countRows(t.db, 'audit_log', { action: 'session.delete', actor: 'cron' })).toBe(0);
  });

  it('still removes the copies whose group is unchanged', async () => {
    const removal = await scan();
    const results = await cleanUp(removal);
    expect(results.map((r) => r.outcome)).toEqual(['deleted', 'deleted', 'deleted']);
    expect(await countRows(t.db, 'sessions')).toBe(3);
    expect(await countRows(t.db, 'audit_log', { action: 'session.delete', actor: 'cron' })).toBe(3);
  });
});
