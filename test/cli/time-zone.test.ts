// The practice's day (CONTRACT §4.5), in process on both engines: the clock pinned at 07:30 UTC on
// 1 December, which is still 30 November in Los Angeles and already the evening of 1 December in
// Auckland. Every place that means "today" follows the time_zone setting: the day words, the
// dashboard, confirm-schedule's default --to, the calendar's month and its today, the day bounds of
// audit --from/--to, the report's days, the rules' today, and the audit trail's instants on screen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { runInProcess } from '../helpers/in-process.js';
import { addClass } from '../../src/actions/classes.js';
import { ruleContext } from '../../src/store/settings.js';
import { dayIn, machineZone } from '../../src/domain/days.js';

const NOW = '2026-12-01T07:30:00Z';

const ZONES = [
  { zone: 'America/Los_Angeles', today: '2026-11-30', yesterday: '2026-11-29', tomorrow: '2026-12-01', month: '2026-11' },
  { zone: 'Pacific/Auckland', today: '2026-12-01', yesterday: '2026-11-30', tomorrow: '2026-12-02', month: '2026-12' },
] as const;

describe.each(ENGINES)("the practice's day on %s", (engine) => {
  let t: TestDb;
  let base: BaseIds;
  const cli = (...args: string[]) => runInProcess([...args, '--db', t.location], { SESSIONCTL_NOW: NOW });
  const json = async (...args: string[]) => {
    const r = await cli(...args, '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  const dates = (doc: { sessions: Array<{ date: string }> }) => [...new Set(doc.sessions.map((s) => s.date))].sort();

  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
    for (const date of ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']) await makeSession(t.db, base, { date });
    // Audit entries at instants that fall on different days in the two zones.
    for (const at of ['2026-11-30T10:00:00Z', '2026-11-30T12:00:00Z', '2026-12-01T07:00:00Z']) {
      await addClass(t.db, `Class ${at}`, false, { actor: 'alice', clock: () => new Date(at) });
    }
  });
  afterEach(async () => t.dispose());

  it('the setting: validated, stored canonical, the machine zone by default; --yes off a terminal', async () => {
    const unset = await json('settings', 'get', 'time_zone');
    expect(unset).toEqual({ key: 'time_zone', value: machineZone(), default: true });
    const bad = await cli('settings', 'set', 'time_zone', 'Mars/Olympus_Mons', '--yes');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/IANA time zone/);
    const set = await cli('settings', 'set', 'time_zone', 'america/los_angeles', '--yes');
    expect(set.code, set.stderr).toBe(0);
    expect((await json('settings', 'get', 'time_zone')).value).toBe('America/Los_Angeles');
    expect(await ruleContext(t.db, t.db.knex, new Date(NOW))).toEqual(expect.objectContaining({ today: '2026-11-30' }));
  });

  it.each(ZONES)('in $zone: every "today" is the practice\'s', async ({ zone, today, yesterday, tomorrow, month }) => {
    const set = await cli('settings', 'set', 'time_zone', zone, '--yes');
    expect(set.code, set.stderr).toBe(0);

    expect((await ruleContext(t.db, t.db.knex, new Date(NOW))).today).toBe(today);
    expect(dates(await json('dashboard'))).toEqual([today]);
    expect(dates(await json('dashboard', '--date', 'yesterday'))).toEqual([yesterday]);
    expect(dates(await json('dashboard', '--date', 'tomorrow'))).toEqual([tomorrow]);
    expect(dates(await json('search', '--from', 'today', '--to', 'today'))).toEqual([today]);

    const confirm = await json('confirm-schedule');
    expect(confirm.to).toBe(today);
    expect(dates(confirm)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01'].filter((d) => d <= today));

    const calendar = await json('calendar');
    expect(calendar.month).toBe(month);
    const drawn = await cli('calendar');
    expect(drawn.stdout).toContain(`[${String(Number(today.slice(8)))}]`);

    const report = await json('report', 'cancellations', '--from', 'yesterday', '--to', 'today');
    expect([report.from, report.to]).toEqual([yesterday, today]);

    // Audit days are the zone's days: 10:00Z and 12:00Z on the 30th, 07:00Z on the 1st (and the
    // setting changed just now, at 07:30Z).
    const onToday = (await json('audit', '--from', 'today', '--to', 'today')).entries.map((e: { at: string }) => e.at).sort();
    expect(onToday).toEqual(
      zone === 'America/Los_Angeles'
        ? ['2026-11-30T10:00:00Z', '2026-11-30T12:00:00Z', '2026-12-01T07:00:00Z', NOW]
        : ['2026-11-30T12:00:00Z', '2026-12-01T07:00:00Z', NOW],
    );
    // On screen, the instants on the practice's clocks; JSON stays UTC.
    const table = await cli('audit', '--limit', '1');
    expect(table.stdout).toContain(`At (${zone})`);
    expect(table.stdout).toContain(zone === 'America/Los_Angeles' ? '2026-11-30 23:30:00' : '2026-12-01 20:30:00');
    const shown = await cli('audit', 'show', '3');
    expect(shown.stdout).toMatch(new RegExp(`at +${zone === 'America/Los_Angeles' ? '2026-11-30 23:00:00' : '2026-12-01 20:00:00'} ${zone} \\(2026-12-01T07:00:00Z\\)`));
  });

  it('unset, the machine zone decides', async () => {
    expect(dates(await json('dashboard'))).toEqual([dayIn(machineZone(), new Date(NOW))]);
  });
});
