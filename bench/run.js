// `npm run bench`: whole processes of the built CLI timed against floors measured in the same run,
// the variants of each comparison alternated (A B A B ...), medians compared; one table at the end.
//
// BENCH_RUNS (default 7): timed runs of each variant. BENCH_DELETE_RUNS (default 5): clean-up runs,
// each on a fresh copy. BENCH_PG_URL: PostgreSQL (default the test database); skipped when unreachable.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import {
  AUDIT_ROWS,
  CLI,
  DASHBOARD_DATE,
  PG_URL,
  TODAY,
  ensureAuditSqlite,
  ensurePg,
  ensureSqlite,
  pgCount,
  pgReachable,
  pgRestore,
  removeSqliteCopy,
  sqliteCopy,
  sqliteNumbers,
  sqlitePath,
} from './build-db.js';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const DELETE_RUNS = Math.max(1, Number(process.env.BENCH_DELETE_RUNS ?? 5));
const MEMORY_RUNS = 3;
const TIMEOUT_MS = 600000;

const log = (s) => process.stderr.write(`${s}\n`);

const ENV = { ...process.env, SESSIONCTL_NOW: `${TODAY}T12:00:00Z`, SESSIONCTL_ACTOR: 'bench', NO_COLOR: '1' };
delete ENV.SESSIONCTL_DB;
delete ENV.SESSIONCTL_READ_ONLY;
delete ENV.FORCE_COLOR;

/** One whole process: wall time from spawn to exit, its exit code, and its stdout when asked. */
function runOnce({ cmd, args }, { keepOutput = false } = {}) {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => keepOutput && out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      ok({ ms: performance.now() - t0, code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });

function check(name, result, okCodes = [0]) {
  if (!okCodes.includes(result.code)) {
    throw new Error(`${name} exited with ${result.code}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
}

/**
 * Each variant once untimed (caches warm, output checked), then RUNS rounds of all variants in
 * turn, the order rotated each round and reversed every other one, so that no variant always
 * follows the same neighbour (A B, then B A).
 */
async function alternate(variants) {
  const times = new Map(variants.map((v) => [v.name, []]));
  for (const v of variants) {
    // Only what is checked is kept: the sqlite3 shell printing a million audit rows is more text than one string can hold.
    const r = await runOnce(v, { keepOutput: Boolean(v.verify) });
    check(v.name, r, v.okCodes);
    v.verify?.(r.stdout);
  }
  for (let round = 0; round < RUNS; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    if (round % 2 === 1) order.reverse();
    for (const v of order) {
      const r = await runOnce(v);
      check(v.name, r, v.okCodes);
      times.get(v.name).push(r.ms);
    }
  }
  const result = {};
  for (const [name, ms] of times) result[name] = spread(ms);
  return result;
}

/** One process under GNU time: its run (wall time includes time's own exec, about a millisecond) and its peak resident memory in MiB. */
async function runMeasured(variant, opts) {
  const dir = mkdtempSync(join(tmpdir(), 'sessionctl-bench-'));
  const file = join(dir, 'time.txt');
  try {
    const r = await runOnce({ cmd: '/usr/bin/time', args: ['-f', '%M', '-o', file, variant.cmd, ...variant.args] }, opts);
    check(variant.name, r, variant.okCodes);
    return { ...r, mib: Number(readFileSync(file, 'utf8').trim().split('\n').pop()) / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak resident memory of a process over MEMORY_RUNS runs: { median, min, max } in MiB. */
async function peakMemory(variant) {
  const peaks = [];
  for (let i = 0; i < MEMORY_RUNS; i++) peaks.push((await runMeasured(variant)).mib);
  return spread(peaks);
}

const node = (...args) => ({ cmd: process.execPath, args });
const cli = (db, ...args) => ({ cmd: process.execPath, args: [CLI, '--db', db, ...args] });

async function available(command) {
  const r = await runOnce({ cmd: process.execPath, args: [CLI, command, '--help'] });
  return r.code === 0;
}

function expectSessions(min) {
  return (stdout) => {
    const n = JSON.parse(stdout).sessions?.length ?? 0;
    if (n < min) throw new Error(`the dashboard listed ${n} sessions, expected about 400`);
  };
}

/**
 * Searching for a patient by name on 1M sessions, before patients.search_key (migration
 * 20261202000020) ignored case, accents and punctuation: at ba3238b, on this bench's 1M database
 * built by that commit, the median of 15 alternated runs against `node -e 0` on 2026-12-02 (load
 * about 2.5). The search must stay within 1.5x of that; a ratio to Node's own start-up carries over
 * from run to run where a time in milliseconds would not.
 */
const SEARCH_BEFORE = { ratio: 3.43, commit: 'ba3238b' };
/** A last name that many patients share, written as people type it; the same 50 sessions before and after. */
const SEARCH_TEXT = 'kowalski';

function expectFound(n) {
  return (stdout) => {
    const found = JSON.parse(stdout).sessions?.length ?? 0;
    if (found !== n) throw new Error(`search --patient ${SEARCH_TEXT} found ${found} sessions, expected ${n}`);
  };
}

function expectVerified(entries) {
  return (stdout) => {
    const r = JSON.parse(stdout);
    if (!r.ok || r.entries !== entries) throw new Error(`audit verify checked ${r.entries} entries (ok: ${r.ok}), expected ${entries} intact`);
  };
}

/** The rows `audit verify` reads, as the sqlite3 shell prints them: its floor. */
const AUDIT_SELECT = 'SELECT id, at, actor, action, session_id, detail, prev_hash, hash FROM audit_log ORDER BY id';

function expectGroups(min) {
  return (stdout) => {
    const n = JSON.parse(stdout).groups?.length ?? 0;
    if (n < min) throw new Error(`duplicates listed ${n} groups, expected about 10,000`);
  };
}

// ---------------------------------------------------------------- the rows of the table

const rows = [];
const notes = [];
const fmtMs = (ms) => `${ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : Math.round(ms) + ' ms'}`;
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
/** A figure as its median, then min..max over the runs. */
const fmtSpread = (t, fmt = fmtMs) => `${fmt(t.median)} (${fmt(t.min)}..${fmt(t.max)})`;
const fmtMiB = (m) => `${m.toFixed(0)} MiB`;

/** Medians compared; the ratio's own spread is that of the run-by-run ratios where the runs pair up. */
function ratioRow(target, measured, floor, limit, pairs = null) {
  const ratio = measured.median / floor.median;
  const range = pairs && pairs.length > 1 ? ` (${Math.min(...pairs).toFixed(2)}..${Math.max(...pairs).toFixed(2)})` : '';
  rows.push({
    target,
    measured: fmtSpread(measured),
    floor: fmtSpread(floor),
    ratio: `${ratio.toFixed(2)} x${range}`,
    limit: `<= ${limit.toFixed(2)} x`,
    result: ratio <= limit ? 'met' : 'NOT MET',
  });
}

function memoryRow(target, mib) {
  rows.push({ target, measured: fmtSpread(mib, fmtMiB), floor: '', ratio: '', limit: '<= 150 MiB', result: mib.median <= 150 ? 'met' : 'NOT MET' });
}

function missingRow(target, why) {
  rows.push({ target, measured: why, floor: '', ratio: '', limit: '', result: '-' });
}

function printTable() {
  const head = { target: 'target', measured: 'measured', floor: 'floor', ratio: 'ratio', limit: 'limit', result: 'result' };
  const cols = Object.keys(head);
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => String(r[c]).length))]));
  const line = (r) => cols.map((c) => String(r[c]).padEnd(width[c])).join(' | ').trimEnd();
  console.log(line(head));
  console.log(cols.map((c) => '-'.repeat(width[c])).join('-|-'));
  for (const r of rows) console.log(line(r));
}

// ---------------------------------------------------------------- the clean-up runs

/** Groups of duplicates on the SQLite file (sqlite3 shell): the floor of the duplicate scan. */
const GROUP_BY = `SELECT patient_id, scheduled_date, start_time, provider_id, group_concat(id), COUNT(*)
  FROM sessions WHERE status <> 'cancelled'
  GROUP BY patient_id, scheduled_date, start_time, provider_id HAVING COUNT(*) > 1`;

const REMOVED_SQL = {
  sessions: 'SELECT COUNT(*) FROM sessions',
  audited: "SELECT COUNT(*) FROM audit_log WHERE action = 'session.delete'",
};

/** The ids of the sessions that a copy no longer has, against the cached file it was copied from. */
async function missingIds(copy) {
  const pristine = sqlitePath('1m').replace(/'/g, "''");
  return sqliteNumbers(copy, `SELECT id FROM (SELECT id FROM pristine.sessions EXCEPT SELECT id FROM main.sessions) ORDER BY id`, `ATTACH '${pristine}' AS pristine`);
}

const sameIds = (a, b) => a.length === b.length && a.every((id, i) => id === b[i]);

/** One clean-up on a fresh SQLite copy (under GNU time for its peak memory): which sessions it removed, each audited. */
async function sqliteCleanup() {
  const copy = sqliteCopy('1m', 'cleanup-run');
  try {
    const r = await runMeasured({ name: 'duplicates --delete (SQLite)', okCodes: [0, 3], ...cli(copy, '--json', '--yes', 'duplicates', '--delete') }, { keepOutput: true });
    const gone = await missingIds(copy);
    const audited = await sqliteNumbers(copy, "SELECT session_id FROM audit_log WHERE action = 'session.delete' ORDER BY session_id");
    if (!sameIds(audited, gone)) throw new Error(`SQLite clean-up removed ${gone.length} sessions but audited ${audited.length} (or others)`);
    const ids = JSON.parse(r.stdout).results.filter((x) => x.outcome === 'deleted').map((x) => x.id);
    if (!sameIds([...ids].sort((a, b) => a - b), gone)) {
      throw new Error(`the clean-up reported ${ids.length} deleted sessions, the database lost ${gone.length} (or others)`);
    }
    return { ms: r.ms, removed: gone.length, ids: gone, mib: r.mib };
  } finally {
    removeSqliteCopy(copy);
  }
}

/**
 * The clean-up's floor: the sqlite3 shell finding the groups (the scan's floor) and deleting the
 * same sessions, with their charges and draft notes, in one transaction, on a fresh copy, in WAL
 * with synchronous NORMAL and foreign keys as the CLI runs, and a 64 MiB page cache (the CLI's bulk
 * writes use 8 MiB, in transactions of 500).
 * No rules, no audit, no names: what SQLite itself needs to find and remove those rows durably.
 */
async function sqliteCleanupFloor(ids) {
  const copy = sqliteCopy('1m', 'cleanup-floor');
  const dir = mkdtempSync(join(tmpdir(), 'sessionctl-bench-'));
  try {
    const file = join(dir, 'ids.json');
    writeFileSync(file, JSON.stringify(ids));
    const list = `(SELECT value FROM json_each(readfile('${file.replace(/'/g, "''")}')))`;
    // One argument per command: the shell runs them in turn on one connection.
    const script = [
      'PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;',
      '.output /dev/null',
      `${GROUP_BY};`,
      '.output stdout',
      'BEGIN;',
      `DELETE FROM charges WHERE session_id IN ${list};`,
      `DELETE FROM notes WHERE status = 'draft' AND session_id IN ${list};`,
      `DELETE FROM sessions WHERE id IN ${list};`,
      'COMMIT;',
    ];
    const r = await runOnce({ cmd: 'sqlite3', args: ['-bail', copy, ...script] });
    check('sqlite3 DELETE', r);
    // The CLI must have removed exactly the sessions that its floor removed: no more, no fewer.
    const gone = await missingIds(copy);
    if (!sameIds(gone, ids)) throw new Error(`the sqlite3 floor removed ${gone.length} sessions, the CLI ${ids.length}: not the same sessions`);
    return { ms: r.ms, removed: gone.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    removeSqliteCopy(copy);
  }
}

/** One clean-up on the PostgreSQL schema, put back as built afterwards. */
async function pgCleanup(pg) {
  await pgRestore(pg.schema);
  const before = await pgCount(pg.schema, REMOVED_SQL.sessions);
  const r = await runOnce(cli(pg.location, '--json', '--yes', 'duplicates', '--delete'));
  try {
    check('duplicates --delete (PostgreSQL)', r, [0, 3]);
    const removed = before - (await pgCount(pg.schema, REMOVED_SQL.sessions));
    const audited = await pgCount(pg.schema, REMOVED_SQL.audited);
    if (audited !== removed) throw new Error(`PostgreSQL clean-up removed ${removed} sessions but audited ${audited}`);
    return { ms: r.ms, removed };
  } finally {
    await pgRestore(pg.schema);
  }
}

function summarizeCleanups(runs) {
  const time = spread(runs.map((r) => r.ms));
  const removed = median(runs.map((r) => r.removed));
  return { ms: time.median, time, removed, rate: removed / (time.median / 1000) };
}

// ---------------------------------------------------------------- main

async function main() {
  const t0 = performance.now();
  const loadBefore = loadavg()[0];
  const built = [];
  const sqlite1m = await ensureSqlite('1m', log);
  const sqlite10k = await ensureSqlite('10k', log);
  for (const [label, r] of [['SQLite 1M', sqlite1m], ['SQLite 10k', sqlite10k]]) {
    if (r.seconds !== null) built.push(`${label} built in ${r.seconds.toFixed(1)} s`);
  }
  const pgUp = await pgReachable();
  let pg1m = null;
  if (pgUp) {
    pg1m = await ensurePg('1m', log);
    if (pg1m.seconds !== null) built.push(`PostgreSQL 1M built in ${pg1m.seconds.toFixed(1)} s`);
    await pgRestore(pg1m.schema); // an interrupted earlier run may have left its clean-up behind
  } else {
    notes.push(`PostgreSQL not reachable at ${PG_URL}: its rows are skipped.`);
  }
  const db1m = sqlitePath('1m');
  const db10k = sqlitePath('10k');
  const hasDashboard = await available('dashboard');
  const hasDuplicates = await available('duplicates');

  // Start-up and the day's dashboard: one rotation, so every ratio has its floor from the same rounds.
  log(`timing start-up and the dashboard (${RUNS} rounds) ...`);
  const startVariants = [
    { name: 'node -e 0', ...node('-e', '0') },
    { name: '--version', ...node(CLI, '--version') },
  ];
  if (hasDashboard) {
    const dash = ['--json', 'dashboard', '--date', DASHBOARD_DATE];
    startVariants.push({ name: 'dashboard 1M', ...cli(db1m, ...dash), verify: expectSessions(390) });
    startVariants.push({ name: 'dashboard 10k', ...cli(db10k, ...dash), verify: expectSessions(390) });
    if (pg1m) startVariants.push({ name: 'dashboard 1M PG', ...cli(pg1m.location, ...dash), verify: expectSessions(390) });
  }
  const hasSearch = await available('search');
  if (hasSearch) startVariants.push({ name: 'search --patient 1M', ...cli(db1m, '--json', 'search', '--patient', SEARCH_TEXT), verify: expectFound(50) });
  const start = await alternate(startVariants);
  ratioRow('--version vs node -e 0', start['--version'], start['node -e 0'], 1.3);
  if (hasDashboard) {
    ratioRow('dashboard 1M vs node -e 0', start['dashboard 1M'], start['node -e 0'], 1.7);
    ratioRow('dashboard 1M vs dashboard 10k', start['dashboard 1M'], start['dashboard 10k'], 1.15);
  } else {
    missingRow('dashboard 1M vs node -e 0', 'not available');
    missingRow('dashboard 1M vs dashboard 10k', 'not available');
  }

  if (hasSearch) {
    ratioRow(
      `search --patient 1M vs node -e 0 (${SEARCH_BEFORE.ratio.toFixed(2)} x before search keys)`,
      start['search --patient 1M'],
      start['node -e 0'],
      SEARCH_BEFORE.ratio * 1.5,
    );
  } else {
    missingRow('search --patient 1M vs node -e 0', 'not available');
  }

  let scan = null;
  let pgCleanupResult = null;
  const cleanupTimes = [];
  if (hasDuplicates) {
    log(`timing the duplicate scan (${RUNS} rounds) ...`);
    const scanVariants = [
      { name: 'sqlite3 GROUP BY', cmd: 'sqlite3', args: ['-readonly', db1m, GROUP_BY] },
      { name: 'duplicates 1M', ...cli(db1m, '--json', 'duplicates'), verify: expectGroups(9000) },
    ];
    if (pg1m) scanVariants.push({ name: 'duplicates 1M PG', ...cli(pg1m.location, '--json', 'duplicates'), verify: expectGroups(9000) });
    scan = await alternate(scanVariants);
    ratioRow('duplicates --json 1M vs sqlite3 GROUP BY', scan['duplicates 1M'], scan['sqlite3 GROUP BY'], 1.5);

    log(`timing the clean-up (${DELETE_RUNS} runs${pg1m ? ' per engine, alternated' : ''}) ...`);
    const sqliteRuns = [];
    const floorRuns = [];
    const pgRuns = [];
    for (let i = 0; i < DELETE_RUNS; i++) {
      const run = await sqliteCleanup();
      sqliteRuns.push(run);
      floorRuns.push(await sqliteCleanupFloor(run.ids));
      if (pg1m) pgRuns.push(await pgCleanup(pg1m));
    }
    const s = summarizeCleanups(sqliteRuns);
    const floor = summarizeCleanups(floorRuns);
    cleanupTimes.push(['clean-up SQLite', sqliteRuns], ['sqlite3 floor', floorRuns], ['clean-up PG', pgRuns]);
    // Each clean-up is paired with the floor run that follows it on the same sessions.
    const pairs = sqliteRuns.map((r, i) => r.ms / floorRuns[i].ms);
    ratioRow(`duplicates --delete --yes 1M vs its floor (${fmtInt(s.removed)})`, s.time, floor.time, 1.5, pairs);
    rows.push({
      target: '  its floor: sqlite3 GROUP BY + DELETE',
      measured: `${fmtInt(floor.removed)} in ${fmtMs(floor.ms)} = ${fmtInt(floor.rate)}/s`,
      floor: '',
      ratio: '',
      limit: '(no target)',
      result: '-',
    });
    if (s.removed < 10000) notes.push(`the clean-up removed ${s.removed} sessions, fewer than the 10,000 the figures are meant for`);

    log(`measuring the peak memory of the scan (${MEMORY_RUNS} runs) ...`);
    memoryRow('duplicates --json 1M, peak memory', await peakMemory({ name: 'duplicates 1M', ...cli(db1m, '--json', 'duplicates') }));
    memoryRow('duplicates --delete 1M, peak memory', spread(sqliteRuns.map((r) => r.mib)));

    if (pg1m) pgCleanupResult = { pg: summarizeCleanups(pgRuns), sqlite: s };
  } else {
    for (const t of ['duplicates --json 1M vs sqlite3 GROUP BY', 'duplicates --delete --yes 1M vs its floor', 'duplicates --json 1M, peak memory', 'duplicates --delete 1M, peak memory']) {
      missingRow(t, 'not available');
    }
  }

  // Proving the record: `audit verify` over 1M chained entries against the sqlite3 shell printing
  // the same rows (every column the hash covers), both reading the same cached file.
  let audit = null;
  if (await available('audit')) {
    const auditDb = await ensureAuditSqlite(log);
    if (auditDb.seconds !== null) built.push(`SQLite audit trail of 1M built in ${auditDb.seconds.toFixed(1)} s`);
    log(`timing audit verify on 1M entries (${RUNS} rounds) ...`);
    audit = await alternate([
      { name: 'sqlite3 audit rows', cmd: 'sqlite3', args: ['-readonly', auditDb.path, AUDIT_SELECT] },
      { name: 'audit verify 1M', ...cli(auditDb.path, '--json', 'audit', 'verify'), verify: expectVerified(AUDIT_ROWS) },
    ]);
    ratioRow('audit verify 1M vs sqlite3 reading them', audit['audit verify 1M'], audit['sqlite3 audit rows'], 3.0);
  } else {
    missingRow('audit verify 1M vs sqlite3 reading them', 'not available');
  }

  // PostgreSQL against SQLite, each ratio from the same alternated rounds.
  const pgRows = ['PG dashboard 1M vs SQLite', 'PG duplicates --json 1M vs SQLite', 'PG duplicates --delete vs SQLite'];
  if (!pg1m) {
    for (const t of pgRows) missingRow(t, 'not available (no PostgreSQL)');
  } else {
    if (hasDashboard) ratioRow(pgRows[0], start['dashboard 1M PG'], start['dashboard 1M'], 2.0);
    else missingRow(pgRows[0], 'not available');
    if (scan) ratioRow(pgRows[1], scan['duplicates 1M PG'], scan['duplicates 1M'], 2.0);
    else missingRow(pgRows[1], 'not available');
    if (pgCleanupResult) {
      const { pg: p, sqlite: q } = pgCleanupResult;
      const ratio = q.rate / p.rate;
      rows.push({
        target: pgRows[2],
        measured: `${fmtInt(p.removed)} in ${fmtSpread(p.time)}`,
        floor: fmtSpread(q.time),
        ratio: `${ratio.toFixed(2)} x`,
        limit: '<= 2.00 x',
        result: ratio <= 2 ? 'met' : 'NOT MET',
      });
    } else {
      missingRow(pgRows[2], 'not available');
    }
  }

  console.log('');
  console.log(`sessionctl benchmark: medians of ${RUNS} alternated runs (clean-up: ${DELETE_RUNS} runs, fresh copy each)`);
  printTable();
  console.log('');
  console.log('all timed processes (median, min..max):');
  for (const [name, t] of Object.entries({ ...start, ...(scan ?? {}), ...(audit ?? {}) })) {
    console.log(`  ${name.padEnd(20)} ${fmtMs(t.median).padStart(8)}  (${fmtMs(t.min)}..${fmtMs(t.max)}, n=${t.n})`);
  }
  for (const [name, runs] of cleanupTimes) {
    if (runs.length > 0) {
      const mem = runs.every((r) => r.mib !== undefined) ? `; peak ${runs.map((r) => fmtMiB(r.mib)).join(', ')}` : '';
      console.log(`  ${name.padEnd(20)} ${runs.map((r) => `${fmtInt(r.removed)} in ${fmtMs(r.ms)}`).join(', ')}${mem}`);
    }
  }
  for (const b of built) console.log(`  ${b}`);
  // Other work on the machine stretches whole-process times unevenly; say how busy it was.
  const cores = availableParallelism();
  const loadAfter = loadavg()[0];
  console.log(`  load average: ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end, on ${cores} cores`);
  if (Math.max(loadBefore, loadAfter) > cores) notes.push('the machine was busy with other work: figures are noisier than on an idle machine');
  for (const n of notes) console.log(`  note: ${n}`);
  console.log(`  whole bench: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return rows.some((r) => r.result === 'NOT MET') ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    log(`bench failed: ${err.message}`);
    process.exitCode = 2;
  },
);
