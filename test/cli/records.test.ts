// The remedies and records in process (harness.ts), on the demo practice, on both engines: the
// payments remedy from refusal to deletion with its audit trail, the WebPT addenda, the cancellation
// report against the data, classes, settings, read-only, and the usage errors. The demo command writes
// SQLite only; on PostgreSQL the same demo rows are seeded into the test schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { jsonOf, run } from '../helpers/harness.js';
import { NOW as CLI_NOW } from '../helpers/procs.js';
import { generateDemo } from '../../src/commands/demo/generate.js';
import { insertSeed } from '../../src/store/seed.js';
import { openDatabase, type Db } from '../../src/store/connection.js';

const DEMO_DATE = '2026-11-27';
const { summary } = generateDemo(DEMO_DATE, CLI_NOW);
const showcase = summary.showcase as Record<string, number>;

interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  sessionId: number | null;
  summary: string;
  detail: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

interface Addendum {
  id: number;
  sessionId: number;
  sessionDate: string;
  patient: { id: number; name: string | null };
  deletedBy: string | null;
  pending: boolean;
  completedBy: string | null;
}

describe.each(ENGINES)('records and remedies on the demo practice, %s', (engine) => {
  let location: string;
  let db: Db;
  let cleanup: () => Promise<void>;
  const cli = (...args: string[]) => run([...args, '--db', location]);

  beforeAll(async () => {
    if (engine === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'sessionctl-records-'));
      location = join(dir, 'demo.db');
      const made = await run(['demo', '--date', DEMO_DATE, '--db', location]);
      expect(made.code, made.stderr).toBe(0);
      db = openDatabase(location);
      cleanup = async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      };
    } else {
      const t: TestDb = await testDatabase(engine);
      await insertSeed(t.db, generateDemo(DEMO_DATE, CLI_NOW).data);
      location = t.location;
      db = t.db;
      cleanup = () => t.dispose();
    }
  });
  afterAll(async () => cleanup());

  it('a session blocked only by payments: payments list, remove, delete, and the audit trail with every snapshot', async () => {
    const id = showcase['payment posted'] as number;
    const payments = await db.knex('payments').where({ session_id: id }).orderBy('id');
    const charges = await db.knex('charges').where({ session_id: id }).orderBy('id');
    expect(payments).toHaveLength(1);
    expect(charges.length).toBeGreaterThan(0);
    const pid = Number(payments[0].id);

    const refused = await cli('delete', String(id), '--yes', '--json');
    expect(refused.code).toBe(3);
    const reasons = jsonOf<{ results: Array<{ reasons: Array<{ code: string; command: string }> }> }>(refused).results[0]?.reasons;
    expect(reasons?.map((r) => [r.code, r.command])).toEqual([['PAYMENTS_POSTED', `sessionctl payments list ${id}`]]);

    const listed = await cli('payments', 'list', String(id));
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`│ ${pid} `);
    expect(listed.stdout).toContain(`can be permanently deleted`);
    expect(listed.stdout.trimEnd().split('\n').at(-1)).toBe(`To remove it: sessionctl payments remove ${pid}`);
    const listedJson = jsonOf<{ payments: Array<{ id: number; amountCents: number }>; command: string; deletableAfterRemoval: boolean }>(
      await cli('payments', 'list', String(id), '--json'),
    );
    expect(listedJson.payments.map((p) => [p.id, p.amountCents])).toEqual([[pid, Number(payments[0].amount_cents)]]);
    expect(listedJson).toEqual(expect.objectContaining({ command: `sessionctl payments remove ${pid}`, deletableAfterRemoval: true }));

    // Off a terminal without --yes: refused before anything is touched.
    const unconfirmed = await cli('payments', 'remove', String(pid));
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(await db.knex('payments').where({ id: pid }).first()).toBeDefined();

    const removed = await cli('payments', 'remove', String(pid), '--yes', '--json', '--reason', 'posted to the wrong visit');
    expect(removed.code, removed.stderr).toBe(0);
    expect(jsonOf(removed)).toEqual(
      expect.objectContaining({
        results: [expect.objectContaining({ id: pid, outcome: 'removed', sessionId: id })],
        sessions: [expect.objectContaining({ id, deletable: true, reasons: [], command: `sessionctl delete ${id}` })],
      }),
    );

    const deleted = await cli('delete', String(id), '--yes', '--json');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(await db.knex('sessions').where({ id }).first()).toBeUndefined();

    const trail = jsonOf<{ entries: AuditEntry[] }>(await cli('audit', '--session', String(id), '--json')).entries;
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ['session.delete', 'cli-test'],
      ['payment.remove', 'cli-test'],
    ]);
    const [del, pay] = trail as [AuditEntry, AuditEntry];
    const paySnap = jsonOf<{ entry: AuditEntry }>(await cli('audit', 'show', String(pay.id), '--json')).entry;
    expect(paySnap.detail.removed.payments).toEqual([payments[0]]);
    expect(paySnap.detail.reason).toBe('posted to the wrong visit');
    const delSnap = jsonOf<{ entry: AuditEntry }>(await cli('audit', 'show', String(del.id), '--json')).entry;
    expect(delSnap.detail.removed.sessions.map((s: { id: number }) => s.id)).toEqual([id]);
    expect(delSnap.detail.removed.charges).toEqual(charges);
    // The human view prints the whole snapshot: the deleted session can be read back.
    const shown = await cli('audit', 'show', String(del.id));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('session.delete');
    expect(shown.stdout).toContain(`"scheduled_date": "${DEMO_DATE}"`);
    expect(shown.stdout).toContain(`"cpt_code": "${charges[0].cpt_code}"`);
    // --actor after `audit` filters (the global option of the same name is taken by the program first).
    const byActor = jsonOf<{ entries: AuditEntry[] }>(await cli('audit', '--actor', 'CLI-TEST', '--action', 'payment', '--json'));
    expect(byActor.entries.map((e) => e.id)).toEqual([pay.id]);
    expect(jsonOf<{ entries: AuditEntry[] }>(await cli('audit', '--actor', 'nobody', '--json')).entries).toEqual([]);
    const table = await cli('audit', '--session', String(id));
    expect(table.stdout).toMatch(/payment\.remove.*removed payment \d+: \$\d+\.\d\d (card|cash|check) \(reason: posted to the wrong visit\)/);
  });

  it('in webpt mode a deletion appears in addenda --pending and leaves it after addenda complete', async () => {
    const set = await cli('settings', 'set', 'integration_mode', 'webpt', '--yes', '--json');
    expect(set.code, set.stderr).toBe(0);
    expect(jsonOf(set)).toEqual(expect.objectContaining({ before: 'standalone', after: 'webpt', changed: true }));
    expect((await cli('settings', 'get', 'integration_mode')).stdout).toBe('webpt\n');

    const id = showcase.clean as number;
    const patient = await db.knex('sessions as s').join('patients as p', 'p.id', 's.patient_id').where('s.id', id).first('p.first_name', 'p.last_name');
    expect((await cli('delete', String(id), '--yes')).code).toBe(0);

    const pending = jsonOf<{ addenda: Addendum[] }>(await cli('addenda', '--pending', '--json')).addenda;
    expect(pending).toEqual([
      expect.objectContaining({
        sessionId: id,
        sessionDate: DEMO_DATE,
        deletedBy: 'cli-test',
        pending: true,
        patient: expect.objectContaining({ name: `${patient.first_name} ${patient.last_name}` }),
      }),
    ]);
    const aid = pending[0]?.id as number;
    const human = await cli('addenda', '--pending');
    expect(human.stdout).toContain('pending');
    expect(human.stderr).toContain(`sessionctl addenda complete ${aid}`);

    const done = await run(['addenda', 'complete', String(aid), '--yes', '--db', location, '--actor', 'Front Desk']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`addendum ${aid}`);
    expect(done.stdout).toContain('completed by Front Desk');
    expect(jsonOf<{ addenda: Addendum[] }>(await cli('addenda', '--pending', '--json')).addenda).toEqual([]);
    const all = jsonOf<{ addenda: Addendum[] }>(await cli('addenda', '--json')).addenda;
    expect(all).toEqual([expect.objectContaining({ id: aid, pending: false, completedBy: 'Front Desk' })]);
    const audit = jsonOf<{ entries: AuditEntry[] }>(await cli('audit', '--action', 'addendum', '--json')).entries;
    expect(audit.map((e) => [e.action, e.actor, e.sessionId])).toEqual([['addendum.complete', 'Front Desk', id]]);

    expect((await cli('addenda', 'complete', '999999', '--yes')).code).toBe(1);
    expect((await cli('settings', 'set', 'integration_mode', 'standalone', '--yes')).code).toBe(0);
  });

  it("the cancellation report's counts match a direct query on the demo data", async () => {
    const direct = async (by: 'class' | 'provider' | 'month', from?: string, to?: string) => {
      const qb = db.knex('sessions as s').where('s.status', 'cancelled');
      if (from) qb.where('s.scheduled_date', '>=', from);
      if (to) qb.where('s.scheduled_date', '<=', to);
      if (by === 'class') qb.leftJoin('session_classes as c', 'c.id', 's.session_class_id').select('c.name as key').groupBy('c.name');
      if (by === 'provider') qb.join('providers as p', 'p.id', 's.provider_id').select('p.name as key').groupBy('p.name');
      if (by === 'month') qb.select(db.knex.raw('substr(s.scheduled_date, 1, 7) as key')).groupByRaw('substr(s.scheduled_date, 1, 7)');
      const rows = (await qb.count({ n: '*' })) as Array<{ key: string | null; n: string | number }>;
      return Object.fromEntries(rows.map((r) => [r.key ?? '(no class)', Number(r.n)]));
    };
    for (const [by, from, to] of [
      ['class'],
      ['provider'],
      ['month'],
      ['class', '2026-10-01', '2026-10-31'],
      ['provider', '2026-11-01', DEMO_DATE],
      ['month', '2026-10-15', '2026-12-15'],
    ] as Array<['class' | 'provider' | 'month', string?, string?]>) {
      const args = ['report', 'cancellations', '--by', by, '--json', ...(from ? ['--from', from] : []), ...(to ? ['--to', to] : [])];
      const r = await cli(...args);
      expect(r.code, r.stderr).toBe(0);
      const doc = jsonOf<{ by: string; from: string | null; to: string | null; rows: Array<{ key: string; count: number }>; total: number }>(r);
      const expected = await direct(by, from, to);
      expect(Object.keys(expected).length).toBeGreaterThan(1);
      expect(doc).toEqual(expect.objectContaining({ by, from: from ?? null, to: to ?? null }));
      expect(Object.fromEntries(doc.rows.filter((x) => x.count > 0).map((x) => [x.key, x.count]))).toEqual(expected);
      expect(doc.total).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    }
    const chart = await cli('report', 'cancellations', '--by', 'class');
    const total = Object.values(await direct('class')).reduce((a, b) => a + b, 0);
    expect(chart.stdout).toContain('█');
    expect(chart.stdout).toMatch(/^No Show\s+█+/m);
    expect(chart.stdout).toContain(`Total: ${total}`);
  });

  it('classes: list with usage, add with quotes and accents, duplicates refused, deactivate never deletes', async () => {
    const listed = jsonOf<{ classes: Array<{ name: string; active: boolean; isCancellation: boolean; sessions: number }> }>(
      await cli('classes', 'list', '--json'),
    ).classes;
    const weather = listed.find((c) => c.name === 'Weather Closure');
    expect(weather).toEqual(expect.objectContaining({ active: false, isCancellation: true }));
    expect(weather?.sessions).toBeGreaterThan(0);

    const dup = await cli('classes', 'add', 'cancelled', '--cancellation', '--yes');
    expect(dup.code, dup.stderr).toBe(2);
    expect(dup.stderr).toContain('"Cancelled" already exists');

    const name = 'Sick "Day" — días';
    const added = await cli('classes', 'add', name, '--cancellation', '--yes', '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(jsonOf(added)).toEqual(expect.objectContaining({ class: expect.objectContaining({ name, isCancellation: true, active: true }) }));
    expect((await cli('classes', 'add', '   ')).code).toBe(2);
    expect((await cli('classes', 'add', 'x'.repeat(101))).code).toBe(2);

    const late = listed.find((c) => c.name === 'Late Cancel');
    const off = await cli('classes', 'deactivate', 'late cancel', '--yes');
    expect(off.code, off.stderr).toBe(0);
    expect(off.stderr).toContain('Deactivated session class "Late Cancel"');
    const after = jsonOf<{ classes: Array<{ name: string; active: boolean; sessions: number }> }>(await cli('classes', '--json')).classes;
    expect(after.find((c) => c.name === 'Late Cancel')).toEqual(expect.objectContaining({ active: false, sessions: late?.sessions }));
    expect((await cli('classes', 'deactivate', 'Holiday', '--yes')).code).toBe(2);
    expect((await cli('classes', 'reactivate', 'Late Cancel', '--yes')).code).toBe(0);
    const actions = jsonOf<{ entries: AuditEntry[] }>(await cli('audit', '--action', 'class', '--json')).entries.map((e) => e.action);
    expect(actions).toEqual(['class.reactivate', 'class.deactivate', 'class.add']);
  });

  it('read-only: settings, classes and the audit trail can be read; every change is refused with exit 2', async () => {
    const ro = (...args: string[]) => cli('--read-only', ...args);
    const settings = await ro('settings', '--json');
    expect(settings.code).toBe(0);
    expect(jsonOf<{ settings: Record<string, string> }>(settings).settings.integration_mode).toBe('standalone');
    expect((await ro('classes')).code).toBe(0);
    expect((await ro('audit', '--json')).code).toBe(0);
    expect((await ro('report', 'cancellations')).code).toBe(0);
    for (const args of [
      ['settings', 'set', 'integration_mode', 'webpt'],
      ['classes', 'add', 'Holiday'],
      ['classes', 'deactivate', 'No Show'],
      ['payments', 'remove', '1', '--yes'],
      ['adjustments', 'remove', '1', '--yes'],
      ['addenda', 'complete', '1'],
    ]) {
      const r = await ro(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('read-only');
    }
  });

  it('bad input is a usage error (2), a missing record a failure (1), and --limit says when it cut', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['audit', '--from', '2026-13-01'], 2, /--from must be a date/],
      [['audit', '--action', 'drop table'], 2, /--action must be/],
      [['audit', '--session', 'x'], 2, /positive whole number/],
      [['audit', '--from', '2026-11-27', '--to', '2026-11-01'], 2, /is after/],
      [['audit', 'show', '99999999'], 1, /No audit entry 99999999/],
      [['payments', 'list', '99999999'], 1, /No session 99999999/],
      [['payments', 'remove', 'abc', '--yes'], 2, /payment id/],
      [['report', 'cancellations', '--by', 'week'], 2, /class, provider, month/],
      [['settings', 'set', 'integration_mode', 'epic'], 2, /standalone, webpt/],
      [['settings', 'set', 'theme', 'dark'], 2, /Settable: integration_mode/],
      [['settings', 'get', 'colour'], 1, /No setting named "colour"/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    const missing = await cli('adjustments', 'remove', '99999999', '--yes', '--json');
    expect(missing.code).toBe(1);
    expect(jsonOf(missing)).toEqual(expect.objectContaining({ results: [{ id: 99999999, outcome: 'not-found' }] }));

    const limited = await cli('audit', '--limit', '1');
    expect(limited.code).toBe(0);
    expect(limited.stdout.split('\n').filter((l) => /^│ \d+ /.test(l))).toHaveLength(1);
    expect(limited.stderr).toMatch(/Showing the newest 1 of \d+ entries/);
  });
});
