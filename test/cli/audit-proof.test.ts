// Proving the record (CONTRACT §4.4), in process on both engines: `audit head` and `audit verify`
// against rows altered, deleted, inserted and a whole tail rewritten behind the tool's back (the
// append-only triggers dropped first, as someone with the file or the owner's role could); the feed
// (`audit --after`), the strict `--action`, `--patient`, and the verified identity of each entry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { baseData, makeSession, type BaseIds } from '../helpers/fixtures.js';
import { runInProcess } from '../helpers/in-process.js';
import { addClass } from '../../src/actions/classes.js';
import { deleteSessions, cancelSessions, resolveCancellationClass } from '../../src/actions/sessions.js';
import { removePayments } from '../../src/actions/payments.js';
import { writeAudit, writeTransaction } from '../../src/store/changes.js';

const opts = { actor: 'alice', clock: () => new Date('2026-11-27T15:04:05Z') };

interface Verification {
  ok: boolean;
  entries: number;
  head: { id: number; hash: string } | null;
  problems: Array<{ id: number; kind: string; message: string }>;
}

// The contract's hash, written here independently of the code under test (as a tamperer would).
function forge(r: { id: number; at: string; actor: string; action: string; session_id: number | null; detail: string }, prev: string): string {
  const text = JSON.stringify([r.id, r.at, r.actor, r.action, r.session_id, r.detail, prev]);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

describe.each(ENGINES)('proving the audit record on %s', (engine) => {
  let t: TestDb;
  let base: BaseIds;
  const cli = (...args: string[]) => runInProcess([...args, '--db', t.location]);
  const verify = async (...extra: string[]) => {
    const r = await cli('audit', 'verify', '--json', ...extra);
    return { code: r.code, report: JSON.parse(r.stdout) as Verification, stderr: r.stderr };
  };
  const rows = async () =>
    (await t.db.knex('audit_log').select('*').orderBy('id')).map((r) => ({
      ...r,
      id: Number(r.id),
      session_id: r.session_id === null ? null : Number(r.session_id),
    })) as Array<{ id: number; at: string; actor: string; action: string; session_id: number | null; detail: string; prev_hash: string; hash: string }>;
  const unguard = async () => {
    if (engine === 'pg') await t.db.knex.raw('ALTER TABLE audit_log DISABLE TRIGGER USER');
    else for (const name of ['audit_log_no_update', 'audit_log_no_delete', 'audit_log_no_replace']) await t.db.knex.raw(`DROP TRIGGER ${name}`);
  };

  beforeEach(async () => {
    t = await testDatabase(engine);
    base = await baseData(t.db);
    for (const name of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']) await addClass(t.db, `Class ${name}`, false, opts);
  });
  afterEach(async () => t.dispose());

  it('head names the newest entry; verify says intact with the contract JSON, and as words', async () => {
    const head = await cli('audit', 'head', '--json');
    expect(head.code).toBe(0);
    const last = (await rows())[7];
    expect(JSON.parse(head.stdout)).toEqual({ id: 8, hash: last?.hash, at: '2026-11-27T15:04:05Z' });
    const { code, report } = await verify('--head', `8:${last?.hash}`);
    expect(code).toBe(0);
    expect(report).toEqual(expect.objectContaining({ ok: true, entries: 8, head: { id: 8, hash: last?.hash }, problems: [] }));
    const words = await cli('audit', 'verify');
    expect(words.code).toBe(0);
    expect(words.stdout).toMatch(/intact: 8 entries/);
    const human = await cli('audit', 'head');
    expect(human.stdout.trim()).toBe(`8:${last?.hash}`);
  });

  it('reports an altered entry, a deleted one, an inserted one, and one without a hash', async () => {
    await unguard();
    const k = t.db.knex;
    const before = await rows();

    await k('audit_log').where({ id: 3 }).update({ actor: 'mallory' });
    let v = await verify();
    expect(v.code).toBe(1);
    expect(v.report.ok).toBe(false);
    expect(v.report.problems.map((p) => [p.id, p.kind])).toEqual([[3, 'altered']]);
    expect((await cli('audit', 'verify')).stdout).toMatch(/entry 3.*altered/);
    await k('audit_log').where({ id: 3 }).update({ actor: 'alice' });
    expect((await verify()).code).toBe(0);

    // Altered and its hash recomputed to match: the next entry no longer links to it.
    const three = before[2]!;
    await k('audit_log').where({ id: 3 }).update({ actor: 'mallory', hash: forge({ ...three, actor: 'mallory' }, three.prev_hash) });
    v = await verify();
    expect(v.report.problems.map((p) => [p.id, p.kind])).toEqual([[4, 'broken-link']]);
    await k('audit_log').where({ id: 3 }).update({ actor: three.actor, hash: three.hash });

    await k('audit_log').where({ id: 5 }).delete();
    v = await verify();
    expect(v.report.problems.map((p) => [p.id, p.kind])).toEqual([[6, 'broken-link']]);
    expect(v.report.problems[0]?.message).toMatch(/ids 5–5 are absent|removed/);

    // Another row put where the deleted one was, chained to its predecessor: the one after it breaks.
    const fake = { ...before[4]!, actor: 'mallory', detail: '{"forged":true}' };
    await k('audit_log').insert({ ...fake, hash: forge(fake, fake.prev_hash) });
    v = await verify();
    expect(v.report.problems.map((p) => [p.id, p.kind])).toEqual([[6, 'broken-link']]);
    await k('audit_log').where({ id: 5 }).delete();
    await k('audit_log').insert(before[4]!);
    expect((await verify()).code).toBe(0);

    // A row appended by another program, without the chain.
    await k('audit_log').insert({ id: 9, at: '2026-11-28T00:00:00Z', actor: 'someone', action: 'class.add', session_id: null, detail: '{}' });
    v = await verify();
    expect(v.report.problems.map((p) => [p.id, p.kind])).toEqual([[9, 'missing-hash']]);
    // sessionctl's next append links through it, so it stays the one problem.
    await addClass(t.db, 'Class I', false, opts);
    v = await verify();
    expect(v.report.problems.map((p) => [p.id, p.kind])).toEqual([[9, 'missing-hash']]);
    expect(v.report.entries).toBe(10);
  });

  it('finds each problem wherever it lies in a trail of several pages (3,000 entries a page)', async () => {
    // 12,000 more entries, appended as the tool appends them.
    for (let i = 0; i < 12; i++) {
      const entries = Array.from({ length: 1000 }, (_, j) => ({ action: 'class.add', sessionId: null, detail: { n: i * 1000 + j } }));
      await writeTransaction(t.db, (trx) => writeAudit(trx, 'bulk', '2026-11-27T16:00:00Z', entries));
    }
    let v = await verify();
    expect(v.report).toEqual(expect.objectContaining({ ok: true, entries: 12_008, problems: [] }));
    // A head written down in the middle of a page: found there, and a wrong one caught there.
    const mid = (await t.db.knex('audit_log').where({ id: 7_500 }).first('hash')).hash as string;
    expect((await verify('--head', `7500:${mid}`)).report).toEqual(expect.objectContaining({ ok: true, problems: [] }));
    v = await verify('--head', `7500:${mid.replace(/^./, (c) => (c === '0' ? '1' : '0'))}`);
    expect(v.report.problems.map((p) => [p.id, p.kind])).toEqual([[7_500, 'head-mismatch']]);
    await unguard();
    const k = t.db.knex;
    await k('audit_log').where({ id: 3_000 }).update({ actor: 'mallory' }); // the last of the first page
    await k('audit_log').where({ id: 3_001 }).update({ detail: '{"n":-1}' }); // the first of the second
    await k('audit_log').where({ id: 4_999 }).delete(); // inside the second
    await k('audit_log').where({ id: 12_008 }).update({ action: 'session.delete' }); // the very last
    v = await verify();
    expect(v.code).toBe(1);
    expect(v.report.problems.map((p) => [p.id, p.kind])).toEqual([
      [3_000, 'altered'],
      [3_001, 'altered'],
      [5_000, 'broken-link'],
      [12_008, 'altered'],
    ]);
    expect(v.report.entries).toBe(12_007);
  });

  it('a tail rewritten with a valid chain passes alone, and is caught by the head written down', async () => {
    const head = JSON.parse((await cli('audit', 'head', '--json')).stdout) as { id: number; hash: string };
    await unguard();
    const k = t.db.knex;
    const before = await rows();
    // Rewrite entries 6-8 in place, each hash recomputed: the chain is consistent again.
    let prev = before[4]!.hash;
    for (const r of before.slice(5)) {
      const changed = { ...r, actor: 'mallory', prev_hash: prev };
      changed.hash = forge(changed, prev);
      await k('audit_log').where({ id: r.id }).update({ actor: changed.actor, prev_hash: changed.prev_hash, hash: changed.hash });
      prev = changed.hash;
    }
    expect((await verify()).code).toBe(0);
    let v = await verify('--head', `${head.id}:${head.hash}`);
    expect(v.code).toBe(1);
    expect(v.report.problems.map((p) => [p.id, p.kind])).toEqual([[8, 'head-mismatch']]);
    const words = await cli('audit', 'verify', '--head', `${head.id}:${head.hash}`);
    expect(words.code).toBe(1);
    expect(words.stdout).toMatch(/entry 8.*head mismatch/);

    // Cut back to entry 6: nothing inside the chain says so, the head does.
    await k('audit_log').where('id', '>', 6).delete();
    expect((await verify()).code).toBe(0);
    v = await verify('--head', `${head.id}:${head.hash}`);
    expect(v.report.problems).toEqual([expect.objectContaining({ id: 8, kind: 'head-mismatch', message: expect.stringMatching(/gone/) })]);

    const bad = await cli('audit', 'verify', '--head', '8:xyz');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--head must be ID:HASH/);
  });

  it('an entry whose prev_hash holds the right hash after an escaped quote does not link, though its own hash is right', async () => {
    await unguard();
    const last = (await rows()).at(-1)!;
    // JSON writes that prev_hash as ,"\"<64 hex>"]: its last 64 characters, between quotes, are
    // exactly those of a real link.
    const prev = `"${last.prev_hash}`;
    const forged = t.db.knex('audit_log').where({ id: last.id }).update({ prev_hash: prev, hash: forge(last, prev) });
    // PostgreSQL's column holds 64 characters at most: there the forgery cannot even be stored.
    if (engine === 'pg') return expect(forged).rejects.toThrow(/too long/);
    await forged;
    const v = await verify();
    expect(v.code).toBe(1);
    expect(v.report.problems.map((p) => [p.id, p.kind])).toEqual([[last.id, 'broken-link']]);
  });

  it('the feed: after an id, oldest first, with next; strict --action; --patient by name or chart number', async () => {
    const page1 = JSON.parse((await cli('audit', '--after', '0', '--limit', '3', '--json')).stdout);
    expect(page1.entries.map((e: { id: number }) => e.id)).toEqual([1, 2, 3]);
    expect(page1.next).toBe(3);
    expect(page1.more).toBe(true);
    const page3 = JSON.parse((await cli('audit', '--after', '6', '--limit', '3', '--json')).stdout);
    expect(page3.entries.map((e: { id: number }) => e.id)).toEqual([7, 8]);
    expect(page3).toEqual(expect.objectContaining({ next: 8, more: false }));
    const none = JSON.parse((await cli('audit', '--after', '8', '--json')).stdout);
    expect(none).toEqual({ entries: [], next: null, more: false });

    const [ada, grace] = base.patients as [number, number];
    const s1 = await makeSession(t.db, base, { patientId: ada, payments: 1 });
    const s2 = await makeSession(t.db, base, { patientId: grace, start: '10:00' });
    const s3 = await makeSession(t.db, base, { patientId: grace, start: '11:00' });
    await removePayments(t.db, (await t.db.knex('payments').where({ session_id: s1 }).pluck('id')).map(Number), opts);
    await deleteSessions(t.db, [s2], opts);
    await cancelSessions(t.db, [s3], await resolveCancellationClass(t.db, 'No Show'), opts);

    const feed = JSON.parse((await cli('audit', '--after', '8', '--action', 'session', '--json')).stdout);
    expect(feed.entries.map((e: { action: string; sessionId: number }) => [e.action, e.sessionId])).toEqual([
      ['session.delete', s2],
      ['session.cancel', s3],
    ]);
    expect(feed.next).toBe(feed.entries[1].id);
    expect(feed.entries[0]).toEqual(expect.objectContaining({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), prevHash: expect.any(String) }));

    const unknown = await cli('audit', '--action', 'sessions');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/session\.delete.*charge\.remove.*session\.restore|session\.restore.*charge\.remove/s);
    expect((await cli('audit', '--action', 'charge', '--json')).code).toBe(0);

    const byName = JSON.parse((await cli('audit', '--patient', 'hopper', '--json')).stdout);
    // The deleted session is found through its snapshot; the cancelled one through the sessions table.
    expect(byName.entries.map((e: { sessionId: number }) => e.sessionId).sort()).toEqual([s2, s3].sort());
    const byChart = JSON.parse((await cli('audit', '--patient', 'pt-001', '--json')).stdout);
    expect(byChart.entries.map((e: { action: string }) => e.action)).toEqual(['payment.remove']);
    expect(JSON.parse((await cli('audit', '--patient', 'nobody at all', '--json')).stdout).entries).toEqual([]);
  });

  it('each entry records who the system vouches for, beside the declared actor', async () => {
    const entry = JSON.parse((await cli('audit', 'show', '1', '--json')).stdout).entry;
    expect(entry.actor).toBe('alice');
    expect(entry.osUser).toBe(userInfo().username);
    expect(entry.dbUser).toBe(engine === 'pg' ? new URL(t.location).username || userInfo().username : null);
    const shown = await cli('audit', 'show', '1');
    expect(shown.stdout).toContain(`os ${userInfo().username}`);
    const table = await cli('audit', '--limit', '1');
    expect(table.stdout).toContain('System user');
    expect(table.stdout).toContain(`os ${userInfo().username}`);
  });
});
