// The benchmark's databases: a practice of 1,000,000 sessions (and one of 10,000 that shares its
// last 25 days), on SQLite and on PostgreSQL, built once with set-based SQL and cached.
//
// The schema is the project's own (`sessionctl db migrate`); the rows are generated inside the
// database by INSERT ... SELECT over a sequence table, from hashes of the ids, so a build takes
// seconds, gives the same rows on both engines, and the same rows for the days both sizes share.
//
// Run alone to build (or check) the caches: node bench/build-db.js [--sqlite-only]
// BENCH_ONLY_SIZE=1m|10k builds one size; BENCH_VERBOSE=1 times each statement; BENCH_PG_URL
// points at another PostgreSQL database (default the test database; schemas bench_<size>_<version>).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import sqlite3 from 'sqlite3';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = join(ROOT, '.bench-cache');
export const CLI = join(ROOT, 'bin', 'sessionctl.js');

/** Part of every cached name: change it whenever the generated rows change. */
export const DATA_VERSION = 'v3';
/** The benchmark's "today" (SESSIONCTL_NOW): sessions before it are past, with their billing. */
export const TODAY = '2026-11-27';
/** A past day inside both sizes, about 400 sessions: the dashboard that is timed. */
export const DASHBOARD_DATE = '2026-11-20';
export const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const LAST_DAY = '2026-12-06';
const TOTAL_DAYS = 2500;
const PER_DAY = 396; // plus ~4 duplicates: about 400 sessions a day
const PATIENTS = 50000;
const PROVIDERS = 200;
const PROVIDERS_PER_DAY = 40; // each works one day in five, ten sessions a day
const DUPLICATE_ID = 2000000; // a duplicate's id: this + the id of the session it copies
const TRIPLICATE_ID = 3000000;

/** Days per size: the 10k database is the last 25 days of the 1M one, with the same ids and rows. */
export const SIZES = { '1m': TOTAL_DAYS, '10k': 25 };
const ONLY = process.env.BENCH_ONLY_SIZE;

const TIMES = ['08:00', '08:45', '09:30', '10:15', '11:00', '13:00', '13:45', '14:30', '15:15', '16:00'];
const FIRST = ['Ava', 'Liam', 'Olivia', 'Noah', 'Emma', 'Mateo', 'Sophia', 'Lucas', 'Mia', 'Ethan', 'Amara', 'Kenji',
  'Priya', 'Diego', 'Chloé', 'Omar', 'Ingrid', 'Tomás', 'Zoe', 'Yusuf', 'Hannah', 'Wei', 'Grace', 'Samuel', 'Nadia',
  'Jonas', 'Fatima', 'Aiden', 'Leila', 'Marco', 'Ruth'];
const LAST = ['Garcia', 'Smith', 'Nguyen', 'Johnson', 'Okafor', 'Müller', 'Brown', 'Kowalski', 'Patel', 'Rossi',
  "O'Brien", 'Kim', 'Haddad', 'Jensen', 'Silva', 'Lee', 'Martin', 'Novak', 'Cohen', 'Tanaka', 'Walker', 'Dubois',
  'Ahmed', 'Larsen', 'Moreau', 'Schmidt', 'Ivanova', 'Costa', 'Reyes'];
const CLASSES = [
  ['Evaluation', false, true],
  ['Follow-up', false, true],
  ['Cancelled', true, true],
  ['No Show', true, true],
  ['Late Cancel', true, true],
  ['Weather Closure', true, false],
];
const LOCATIONS = ['Main Street Clinic', 'Riverside', 'Downtown Sports Rehab', 'Northgate', 'Lakeside Pediatrics'];

function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const FIRST_DAY = addDays(LAST_DAY, 1 - TOTAL_DAYS);

const quote = (s) => `'${String(s).replace(/'/g, "''")}'`;

// The two engines differ only in these few spellings.
const DIALECTS = {
  sqlite: { big: (x) => `(${x})`, pad2: (x) => `substr('0' || (${x}), -2)`, bool: (b) => (b ? '1' : '0') },
  pg: { big: (x) => `(${x})::bigint`, pad2: (x) => `lpad((${x})::text, 2, '0')`, bool: (b) => (b ? 'true' : 'false') },
};

/**
 * The SQL that fills a migrated, empty schema. `seq(v)` holds 0..50,000 and `days(i, d, created, past)`
 * the days of this size (past: 0 today and after, 2 the last 30 days, 1 before); both are made by
 * the caller in the engine's own way.
 */
function fillStatements(D) {
  const P = 2147483647;
  // A hash of an integer in 0..9999 (or 0..P-1 raw): a multiplicative step, then a squaring to break
  // the linear pattern, so that the shares of different salts are independent of each other.
  const raw = (x, salt) => `(((${D.big(x)} * ${salt} + 12345) % ${P}) * ((${D.big(x)} * ${salt} + 12345) % ${P}) % ${P})`;
  const h = (x, salt) => `(${raw(x, salt)} % 10000)`;
  const pick = (x, salt, list) => `CASE ${h(x, salt)} % ${list.length} ${list.map((v, i) => `WHEN ${i} THEN ${quote(v)}`).join(' ')} END`;
  const src = (id) => `(CASE WHEN ${id} >= ${TRIPLICATE_ID} THEN ${id} - ${TRIPLICATE_ID} WHEN ${id} >= ${DUPLICATE_ID} THEN ${id} - ${DUPLICATE_ID} ELSE ${id} END)`;
  const claimed = (id) => `${h(id, 16807)} < 6600`;
  const conflict = (id) => `${claimed(id)} AND ${h(id, 69001)} < 150`;

  const stmts = [];
  stmts.push(`INSERT INTO settings (id, key, value) VALUES (1, 'integration_mode', 'standalone')`);
  stmts.push(`INSERT INTO locations (id, name) VALUES ${LOCATIONS.map((n, i) => `(${i + 1}, ${quote(n)})`).join(', ')}`);
  stmts.push(`INSERT INTO session_classes (id, name, is_cancellation, active) VALUES ${CLASSES.map(
    ([n, c, a], i) => `(${i + 1}, ${quote(n)}, ${D.bool(c)}, ${D.bool(a)})`,
  ).join(', ')}`);
  const providerName = (i) => (i % 4 === 3 ? `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}, PTA` : `Dr. ${FIRST[(i * 3) % FIRST.length]} ${LAST[i % LAST.length]}, DPT`);
  stmts.push(`INSERT INTO providers (id, name, active) VALUES ${Array.from({ length: PROVIDERS }, (_, i) =>
    `(${i + 1}, ${quote(providerName(i))}, ${D.bool(i % 25 !== 24)})`).join(', ')}`);

  const names = (list) => `CASE %s ${list.map((v, i) => `WHEN ${i} THEN ${quote(v)}`).join(' ')} END`;
  stmts.push(`INSERT INTO patients (id, first_name, last_name, date_of_birth, chart_number)
    SELECT v + 1,
      ${names(FIRST).replace('%s', `${h('v + 1', 3571)} % ${FIRST.length}`)},
      ${names(LAST).replace('%s', `${h('v + 1', 7919)} % ${LAST.length}`)},
      CASE WHEN ${h('v + 1', 104729)} < 9000 THEN
        (1940 + ${h('v + 1', 1299709)} % 66) || '-' || ${D.pad2(`1 + ${h('v + 1', 15485863)} % 12`)} || '-' || ${D.pad2(`1 + ${h('v + 1', 32452843)} % 28`)}
      END,
      'PT-' || (100000 + v + 1)
    FROM seq WHERE v < ${PATIENTS}`);

  // One row per session of the day: provider and time from its place in the day, the rest hashed.
  // Past sessions are confirmed (billing follows) but for ~7% of the last 30 days, awaiting confirmation.
  const status = `CASE WHEN b.past >= 1 THEN
      CASE WHEN ${h('b.id', 48271)} < 800 THEN 'cancelled' WHEN b.past = 2 AND ${h('b.id', 40692)} < 700 THEN 'scheduled' ELSE 'confirmed' END
    ELSE CASE WHEN ${h('b.id', 48271)} < 400 THEN 'cancelled' ELSE 'scheduled' END END`;
  stmts.push(`INSERT INTO sessions (id, patient_id, provider_id, location_id, scheduled_date, start_time, duration_minutes,
      status, session_class_id, confirmed_at, cancelled_at, created_at)
    SELECT c.id, c.patient_id, c.provider_id, 1 + (c.provider_id - 1) % ${LOCATIONS.length}, c.d, c.t,
      CASE WHEN c.class_id = 1 THEN 60 ELSE 45 END, c.status, c.class_id,
      CASE WHEN c.status = 'confirmed' THEN c.d || 'T' || c.conf || ':00Z' END,
      CASE WHEN c.status = 'cancelled' THEN c.d || 'T' || c.canc || ':00Z' END,
      c.created || 'T' || ${D.pad2('8 + (c.id % 600) / 60')} || ':' || ${D.pad2('c.id % 60')} || ':00Z'
    FROM (
      SELECT b.*, ${status} AS status,
        CASE WHEN (${status}) = 'cancelled' THEN 3 + ${h('b.id', 39373)} % (CASE WHEN b.past >= 1 THEN 4 ELSE 3 END)
             WHEN ${h('b.id', 39373)} < 1500 THEN 1 ELSE 2 END AS class_id
      FROM (
        SELECT dd.i * ${PER_DAY} + k.v + 1 AS id, dd.d, dd.created, dd.past, tt.t, tt.conf, tt.canc,
          1 + (dd.i * ${PROVIDERS_PER_DAY} + k.v / 10) % ${PROVIDERS} AS provider_id,
          1 + ${raw(`dd.i * ${PER_DAY} + k.v + 1`, 2654435)} % ${PATIENTS} AS patient_id
        FROM days dd CROSS JOIN seq k JOIN times tt ON tt.slot = k.v % 10
        WHERE k.v < ${PER_DAY}
      ) b
    ) c`);

  // About 1% entered twice (a few three times): same patient, provider, day and time, entered later.
  const dup = (offset, hour, where) => `INSERT INTO sessions (id, patient_id, provider_id, location_id, scheduled_date,
      start_time, duration_minutes, status, session_class_id, confirmed_at, cancelled_at, created_at)
    SELECT ${offset} + s.id, s.patient_id, s.provider_id, s.location_id, s.scheduled_date, s.start_time,
      s.duration_minutes, s.status, s.session_class_id, s.confirmed_at, NULL,
      substr(s.created_at, 1, 11) || '${hour}:' || ${D.pad2('s.id % 60')} || ':00Z'
    FROM sessions s WHERE s.id < ${DUPLICATE_ID} AND s.status <> 'cancelled' AND ${h('s.id', 1000003)} < 110 ${where}`;
  stmts.push(dup(DUPLICATE_ID, '18', ''));
  stmts.push(dup(TRIPLICATE_ID, '19', `AND ${h('s.id', 7777777)} < 300`));

  // Billing of past confirmed sessions. A duplicate gets a charge or a draft note now and then
  // (removed with it), and a claim only where its original is billed too: a conflict.
  const original = `s.id < ${DUPLICATE_ID} AND s.status = 'confirmed'`;
  const copy = `s.id >= ${DUPLICATE_ID} AND s.status = 'confirmed'`;
  const claimColumns = (id) => `${pick(id, 271, ['Blue Cross', 'Aetna', 'Medicare', 'UnitedHealthcare', 'Cigna', 'Humana'])},
      s.scheduled_date || 'T23:00:00Z',
      CASE WHEN ${h(id, 313)} < 500 THEN 'voided' WHEN ${h(id, 313)} < 5000 THEN 'paid' WHEN ${h(id, 313)} < 6000 THEN 'denied' ELSE 'submitted' END`;
  stmts.push(`INSERT INTO claims (session_id, payer, billed_at, status)
    SELECT s.id, ${claimColumns('s.id')} FROM sessions s WHERE ${original} AND ${claimed('s.id')}`);
  stmts.push(`INSERT INTO claims (session_id, payer, billed_at, status)
    SELECT s.id, ${pick('s.id', 277, ['Blue Cross', 'Aetna', 'Medicare'])}, s.scheduled_date || 'T23:30:00Z', 'resubmitted'
    FROM sessions s WHERE ${original} AND ${claimed('s.id')} AND ${h('s.id', 281)} < 500`);
  stmts.push(`INSERT INTO claims (session_id, payer, billed_at, status)
    SELECT s.id, ${claimColumns(src('s.id'))} FROM sessions s WHERE ${copy} AND ${conflict(src('s.id'))}`);

  const cpt = (id, salt) => `${pick(id, salt, ['97110', '97140', '97530', '97161', '97112'])},
      1 + ${h(id, salt + 2)} % 3,
      CASE ${h(id, salt)} % 5 WHEN 0 THEN 3500 WHEN 1 THEN 3200 WHEN 2 THEN 3800 WHEN 3 THEN 9500 ELSE 3600 END`;
  stmts.push(`INSERT INTO charges (session_id, cpt_code, units, amount_cents)
    SELECT s.id, ${cpt('s.id', 331)} FROM sessions s WHERE ${original}`);
  stmts.push(`INSERT INTO charges (session_id, cpt_code, units, amount_cents)
    SELECT s.id, ${cpt('s.id', 347)} FROM sessions s WHERE ${original} AND ${h('s.id', 349)} < 5000`);
  stmts.push(`INSERT INTO charges (session_id, cpt_code, units, amount_cents)
    SELECT s.id, ${cpt('s.id', 353)} FROM sessions s WHERE ${copy} AND ${h('s.id', 359)} < 5000`);

  stmts.push(`INSERT INTO payments (session_id, amount_cents, method, posted_at)
    SELECT s.id, 2500 + (${h('s.id', 367)} % 40) * 100, ${pick('s.id', 373, ['card', 'cash', 'check', 'insurance'])},
      s.scheduled_date || 'T17:00:00Z'
    FROM sessions s WHERE s.id < ${DUPLICATE_ID} AND (
      (s.status = 'confirmed' AND ${h('s.id', 379)} < 3650) OR
      (s.status = 'cancelled' AND s.scheduled_date < '${TODAY}' AND ${h('s.id', 379)} < 2000))`);
  stmts.push(`INSERT INTO adjustments (session_id, amount_cents, reason, posted_at)
    SELECT s.id, -500 * (1 + ${h('s.id', 383)} % 4),
      ${pick('s.id', 389, ['courtesy discount', 'contractual write-off', 'prompt-pay discount'])}, s.scheduled_date || 'T17:30:00Z'
    FROM sessions s WHERE ${original} AND ${h('s.id', 397)} < 860`);

  stmts.push(`INSERT INTO notes (session_id, status, finalized_at)
    SELECT s.id, CASE WHEN ${h('s.id', 401)} < 8500 THEN 'finalized' ELSE 'draft' END,
      CASE WHEN ${h('s.id', 401)} < 8500 THEN s.scheduled_date || 'T19:00:00Z' END
    FROM sessions s WHERE ${original}`);
  stmts.push(`INSERT INTO notes (session_id, status, finalized_at)
    SELECT s.id, 'draft', NULL FROM sessions s WHERE ${copy} AND ${h('s.id', 409)} < 2000`);
  return stmts;
}

const dayRows = (days) =>
  Array.from({ length: days }, (_, j) => {
    const i = TOTAL_DAYS - days + j;
    const d = addDays(FIRST_DAY, i);
    return { i, d, created: addDays(d, -14), past: d >= TODAY ? 0 : d >= addDays(TODAY, -30) ? 2 : 1 };
  });

const timeRows = () =>
  TIMES.map((t, slot) => {
    const [hh, mm] = t.split(':').map(Number);
    const at = (dh) => `${String(hh + dh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
    return { slot, t, conf: at(1), canc: at(-2) };
  });

function valuesOf(rows, columns) {
  return rows.map((r) => `(${columns.map((c) => (typeof r[c] === 'number' ? r[c] : quote(r[c]))).join(', ')})`).join(', ');
}

// BENCH_VERBOSE=1: how long each statement of a build takes.
async function timed(sql, work) {
  const t0 = performance.now();
  const result = await work();
  if (process.env.BENCH_VERBOSE) {
    process.stderr.write(`  ${((performance.now() - t0) / 1000).toFixed(2)} s  ${sql.replace(/\s+/g, ' ').slice(0, 70)}\n`);
  }
  return result;
}

function migrateWithCli(location) {
  execFileSync(process.execPath, [CLI, '--db', location, 'db', 'migrate'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

// ---------------------------------------------------------------- SQLite

export function sqlitePath(size) {
  return join(CACHE, `sessions-${size}-${DATA_VERSION}.db`);
}

function sqliteOpen(path) {
  return new Promise((ok, fail) => {
    const db = new sqlite3.Database(path, (err) => (err ? fail(err) : ok(db)));
  });
}
const sqliteExec = (db, sql) =>
  new Promise((ok, fail) =>
    db.exec(sql, (err) => (err ? fail(new Error(`${err.message} in: ${sql.replace(/\s+/g, ' ').slice(0, 80)}`)) : ok())),
  );
// The statement is finalized before the promise settles: an open one makes SQLite refuse DROP and PRAGMA journal_mode.
const sqliteAll = (db, sql) =>
  new Promise((ok, fail) => {
    const st = db.prepare(sql, (err) => err && fail(err));
    st.all((err, rows) => st.finalize(() => (err ? fail(err) : ok(rows))));
  });
const sqliteClose = (db) => new Promise((ok, fail) => db.close((err) => (err ? fail(err) : ok())));

function removeSqlite(path) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

async function buildSqlite(size, path) {
  const tmp = `${path}.building`;
  removeSqlite(tmp);
  migrateWithCli(tmp);
  const db = await sqliteOpen(tmp);
  try {
    // A throw-away build: no journal, no fsync; the file is renamed into place only when complete.
    await sqliteExec(db, `PRAGMA journal_mode = DELETE; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
      PRAGMA cache_size = -400000; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;`);
    await sqliteExec(db, `
      CREATE TEMP TABLE seq (v INTEGER PRIMARY KEY);
      INSERT INTO seq WITH RECURSIVE r(v) AS (SELECT 0 UNION ALL SELECT v + 1 FROM r WHERE v < ${PATIENTS - 1}) SELECT v FROM r;
      CREATE TEMP TABLE days (i INTEGER PRIMARY KEY, d TEXT, created TEXT, past INTEGER);
      INSERT INTO days VALUES ${valuesOf(dayRows(SIZES[size]), ['i', 'd', 'created', 'past'])};
      CREATE TEMP TABLE times (slot INTEGER PRIMARY KEY, t TEXT, conf TEXT, canc TEXT);
      INSERT INTO times VALUES ${valuesOf(timeRows(), ['slot', 't', 'conf', 'canc'])};`);
    // The migration's indexes are set aside during the load and made again after it: one sort each
    // instead of a million scattered B-tree inserts.
    const indexes = await sqliteAll(db, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
      AND tbl_name IN ('patients', 'sessions', 'claims', 'charges', 'payments', 'adjustments', 'notes')`);
    await sqliteExec(db, 'BEGIN');
    for (const ix of indexes) await sqliteExec(db, `DROP INDEX "${ix.name}"`);
    for (const sql of fillStatements(DIALECTS.sqlite)) await timed(sql, () => sqliteExec(db, sql));
    for (const ix of indexes) await timed(ix.sql, () => sqliteExec(db, ix.sql));
    await sqliteExec(db, 'COMMIT');
    const broken = await timed('foreign_key_check', () => sqliteAll(db, 'PRAGMA foreign_key_check'));
    await sqliteExec(db, 'DROP TABLE temp.seq; DROP TABLE temp.days; DROP TABLE temp.times;');
    if (broken.length > 0) throw new Error(`generated rows break ${broken.length} foreign keys (first: ${JSON.stringify(broken[0])})`);
    // Back to what sessionctl itself sets, so that copies behave like a practice's file.
    await sqliteExec(db, 'PRAGMA journal_mode = WAL');
  } finally {
    await sqliteClose(db);
  }
  rmSync(`${tmp}-wal`, { force: true });
  rmSync(`${tmp}-shm`, { force: true });
  renameSync(tmp, path);
}

/** The cached SQLite database of this size, built when missing, migrated to this build's schema. */
export async function ensureSqlite(size, log = () => {}) {
  mkdirSync(CACHE, { recursive: true });
  const path = sqlitePath(size);
  // Files of other data versions are stale: a few hundred megabytes each.
  for (const f of readdirSync(CACHE)) {
    if (f.startsWith(`sessions-${size}-v`) && !f.startsWith(basename(path))) rmSync(join(CACHE, f), { force: true });
  }
  let seconds = null;
  if (!existsSync(path)) {
    log(`building the SQLite ${size} database (${path}) ...`);
    const t0 = performance.now();
    await buildSqlite(size, path);
    seconds = (performance.now() - t0) / 1000;
    log(`  built in ${seconds.toFixed(1)} s`);
  }
  migrateWithCli(path); // picks up migrations added since the cache was built
  return { path, seconds };
}

/** A fresh copy of the cached file, for a run that changes it. */
export function sqliteCopy(size, name) {
  const from = sqlitePath(size);
  const to = join(CACHE, `${name}.db`);
  removeSqlite(to);
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
  return to;
}

export function removeSqliteCopy(path) {
  removeSqlite(path);
}

/** The first column of every row, as numbers (ids); `setup` runs first on the same connection (an ATTACH). */
export async function sqliteNumbers(path, sql, setup = null) {
  const db = await sqliteOpen(path);
  try {
    if (setup) await sqliteExec(db, setup);
    return (await sqliteAll(db, sql)).map((r) => Number(Object.values(r)[0]));
  } finally {
    await sqliteClose(db);
  }
}

export async function sqliteCount(path, sql) {
  const db = await sqliteOpen(path);
  try {
    const rows = await sqliteAll(db, sql);
    return Number(Object.values(rows[0])[0]);
  } finally {
    await sqliteClose(db);
  }
}

// ---------------------------------------------------------------- an audit trail of 1M entries

/** Entries in the audit benchmark's trail. */
export const AUDIT_ROWS = 1000000;

export function auditPath() {
  return join(CACHE, `audit-1m-${DATA_VERSION}.db`);
}

/** A cancellation's entry as sessionctl writes it (about 600 bytes of snapshot), varied by i. */
function auditDetail(i) {
  const date = addDays(TODAY, -(i % TOTAL_DAYS));
  const first = FIRST[i % FIRST.length];
  const last = LAST[(i >> 3) % LAST.length];
  return JSON.stringify({
    reason: i % 7 === 0 ? 'patient called in sick' : null,
    sessionClass: { id: 4, name: 'No Show' },
    session: {
      id: i + 1, date, start: TIMES[i % TIMES.length], durationMinutes: 45, status: 'scheduled',
      patient: { id: (i % PATIENTS) + 1, name: `${first} ${last}`, chartNumber: `PT-${100000 + (i % PATIENTS)}` },
      provider: { id: (i % PROVIDERS) + 1, name: `Dr. ${LAST[i % LAST.length]}, DPT` },
      location: { id: 1, name: LOCATIONS[i % LOCATIONS.length] }, sessionClass: { id: 2, name: 'Follow-up' },
      confirmedAt: null, cancelledAt: null, createdAt: `${date}T08:00:00Z`,
      facts: { claims: 0, payments: 0, adjustments: 0, finalizedNotes: 0, draftNotes: 0, charges: i % 3 },
    },
    before: { id: i + 1, status: 'scheduled', session_class_id: 2, cancelled_at: null },
    after: { status: 'cancelled', session_class_id: 4, cancelled_at: `${date}T12:00:00Z` },
  });
}

/**
 * The audit benchmark's file: the project's schema with AUDIT_ROWS chained entries (CONTRACT §4.4,
 * hashed here with node:crypto), written in pages of one JSON parameter each. About 40 s once.
 */
export async function ensureAuditSqlite(log = () => {}) {
  mkdirSync(CACHE, { recursive: true });
  const path = auditPath();
  if (existsSync(path)) return { path, seconds: null };
  log(`building the SQLite audit trail of ${AUDIT_ROWS.toLocaleString('en-US')} entries (${path}) ...`);
  const t0 = performance.now();
  const tmp = `${path}.building`;
  removeSqlite(tmp);
  migrateWithCli(tmp);
  const db = await sqliteOpen(tmp);
  try {
    await sqliteExec(db, 'PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000; BEGIN');
    const cols = ['id', 'at', 'actor', 'action', 'session_id', 'detail', 'prev_hash', 'hash', 'os_user'];
    const insert = `INSERT INTO audit_log (${cols.join(', ')}) SELECT ${cols.map((c) => `value ->> '$.${c}'`).join(', ')} FROM json_each(?)`;
    let prev = '0'.repeat(64);
    for (let start = 0; start < AUDIT_ROWS; start += 10000) {
      const page = [];
      for (let i = start; i < Math.min(AUDIT_ROWS, start + 10000); i++) {
        const day = addDays(TODAY, -Math.floor((AUDIT_ROWS - i) / 400));
        const r = { id: i + 1, at: `${day}T${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`, actor: i % 5 ? 'frontdesk' : 'nightly-dedupe', action: 'session.cancel', session_id: i + 1, detail: auditDetail(i) };
        const hash = createHash('sha256').update(JSON.stringify([r.id, r.at, r.actor, r.action, r.session_id, r.detail, prev]), 'utf8').digest('hex');
        page.push({ ...r, prev_hash: prev, hash, os_user: 'bench' });
        prev = hash;
      }
      await new Promise((ok, fail) => db.run(insert, [JSON.stringify(page)], (err) => (err ? fail(err) : ok())));
    }
    await sqliteExec(db, 'COMMIT; PRAGMA journal_mode = WAL');
  } finally {
    await sqliteClose(db);
  }
  rmSync(`${tmp}-wal`, { force: true });
  rmSync(`${tmp}-shm`, { force: true });
  renameSync(tmp, path);
  const seconds = (performance.now() - t0) / 1000;
  log(`  built in ${seconds.toFixed(1)} s`);
  return { path, seconds };
}

// ---------------------------------------------------------------- PostgreSQL

export function pgSchema(size) {
  return `bench_${size}_${DATA_VERSION}`;
}

export function pgLocation(schema) {
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}

async function pgClient() {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  return client;
}

export async function pgReachable() {
  try {
    const c = await pgClient();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function schemaExists(client, schema) {
  const r = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
  return r.rowCount > 0;
}

/** Fills a migrated schema; foreign-key triggers are off for the load (rows are consistent by construction) and checked after. */
async function fillPg(client, schema, size) {
  await client.query(`SET search_path = ${schema}`);
  await client.query('BEGIN');
  await client.query('SET LOCAL synchronous_commit = off');
  await client.query('SET LOCAL session_replication_role = replica');
  await client.query(`CREATE TEMP TABLE seq ON COMMIT DROP AS SELECT v FROM generate_series(0, ${PATIENTS - 1}) v`);
  await client.query(`CREATE TEMP TABLE days (i int, d text, created text, past int) ON COMMIT DROP`);
  await client.query(`INSERT INTO days VALUES ${valuesOf(dayRows(SIZES[size]), ['i', 'd', 'created', 'past'])}`);
  await client.query(`CREATE TEMP TABLE times (slot int, t text, conf text, canc text) ON COMMIT DROP`);
  await client.query(`INSERT INTO times VALUES ${valuesOf(timeRows(), ['slot', 't', 'conf', 'canc'])}`);
  // Unanalyzed temp tables get estimates a thousand times too high, and with them JIT compiles
  // that cost more than the load itself.
  await client.query('ANALYZE seq; ANALYZE days; ANALYZE times');
  await client.query('SET LOCAL jit = off');
  await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
  // As on SQLite: the migration's plain indexes (not those behind constraints) are made again after the load.
  const indexes = await client.query(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = $1
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = $1::regnamespace)`,
    [schema],
  );
  for (const ix of indexes.rows) await client.query(`DROP INDEX ${schema}.${ix.indexname}`);
  for (const sql of fillStatements(DIALECTS.pg)) await timed(sql, () => client.query(sql));
  for (const ix of indexes.rows) await timed(ix.indexdef, () => client.query(ix.indexdef));
  for (const table of ['claims', 'charges', 'payments', 'adjustments', 'notes']) {
    const r = await client.query(`SELECT COUNT(*) AS n FROM ${table} x WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = x.session_id)`);
    if (Number(r.rows[0].n) > 0) throw new Error(`generated ${table} rows without their session`);
  }
  for (const table of ['settings', 'locations', 'providers', 'patients', 'session_classes', 'sessions', 'claims', 'charges', 'payments', 'adjustments', 'notes']) {
    await client.query(`SELECT setval(pg_get_serial_sequence('${schema}.${table}', 'id'), (SELECT MAX(id) FROM ${table}))`);
  }
  await client.query('COMMIT');
  await client.query('RESET search_path');
}

/** The cached PostgreSQL schema of this size, built when missing (older versions dropped), migrated. */
export async function ensurePg(size, log = () => {}) {
  const schema = pgSchema(size);
  const client = await pgClient();
  let seconds = null;
  try {
    if (!(await schemaExists(client, schema))) {
      log(`building the PostgreSQL ${size} database (schema ${schema}) ...`);
      const t0 = performance.now();
      const stale = await client.query(
        `SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE $1 AND schema_name <> $2`,
        [`bench\\_${size}\\_v%`, schema],
      );
      for (const r of stale.rows) await client.query(`DROP SCHEMA ${r.schema_name} CASCADE`);
      const tmp = `${schema}_building`;
      await client.query(`DROP SCHEMA IF EXISTS ${tmp} CASCADE`);
      await client.query(`CREATE SCHEMA ${tmp}`);
      migrateWithCli(pgLocation(tmp));
      await fillPg(client, tmp, size);
      // What autovacuum would soon do after such a load; measuring before it would measure chance.
      const tables = await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [tmp]);
      await client.query(`VACUUM ANALYZE ${tables.rows.map((r) => `${tmp}.${r.tablename}`).join(', ')}`);
      await client.query(`ALTER SCHEMA ${tmp} RENAME TO ${schema}`);
      seconds = (performance.now() - t0) / 1000;
      log(`  built in ${seconds.toFixed(1)} s`);
    }
    if (!(await schemaExists(client, keepSchema(schema)))) await keepDuplicates(client, schema);
  } finally {
    await client.end();
  }
  migrateWithCli(pgLocation(schema));
  return { location: pgLocation(schema), schema, seconds };
}

/** Where the rows that a clean-up run removes are kept, to put them back after it. */
const keepSchema = (schema) => `${schema}_keep`;
const KEPT = ['sessions', 'charges', 'notes'];

/**
 * Keeps every member of a group of duplicates, with its charges and notes: all that
 * `duplicates --delete` can remove. Made from the pristine schema, once.
 */
async function keepDuplicates(client, schema) {
  const keep = keepSchema(schema);
  await client.query(`DROP SCHEMA IF EXISTS ${keep} CASCADE`);
  await client.query(`CREATE SCHEMA ${keep}`);
  await client.query(`CREATE TABLE ${keep}.sessions AS SELECT s.* FROM ${schema}.sessions s
    JOIN (SELECT patient_id, scheduled_date, start_time, provider_id FROM ${schema}.sessions WHERE status <> 'cancelled'
      GROUP BY patient_id, scheduled_date, start_time, provider_id HAVING COUNT(*) > 1) g
    USING (patient_id, scheduled_date, start_time, provider_id) WHERE s.status <> 'cancelled'`);
  for (const table of ['charges', 'notes']) {
    await client.query(`CREATE TABLE ${keep}.${table} AS SELECT x.* FROM ${schema}.${table} x
      WHERE x.session_id IN (SELECT id FROM ${keep}.sessions)`);
  }
}

/**
 * Puts back what a clean-up run removed, and empties the audit trail and addenda it wrote (the
 * append-only trigger is bypassed as a superuser may): the schema is as built again, far faster
 * than a copy of a million sessions. Does nothing when no run has changed it.
 */
export async function pgRestore(schema) {
  const client = await pgClient();
  try {
    const dirty = await client.query(`SELECT EXISTS (SELECT 1 FROM ${schema}.audit_log) AS audited`);
    if (!dirty.rows[0].audited) return false;
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(`DELETE FROM ${schema}.audit_log`);
    await client.query(`DELETE FROM ${schema}.addenda`);
    for (const table of KEPT) {
      await client.query(`INSERT INTO ${schema}.${table} SELECT * FROM ${keepSchema(schema)}.${table} ON CONFLICT (id) DO NOTHING`);
    }
    await client.query('COMMIT');
    await client.query(`VACUUM ANALYZE ${[...KEPT, 'audit_log', 'addenda'].map((t) => `${schema}.${t}`).join(', ')}`);
    return true;
  } finally {
    await client.end();
  }
}

export async function pgCount(schema, sql) {
  const client = await pgClient();
  try {
    await client.query(`SET search_path = ${schema}`);
    const r = await client.query(sql);
    return Number(Object.values(r.rows[0])[0]);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- alone

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const log = (s) => process.stderr.write(`${s}\n`);
  for (const size of Object.keys(SIZES)) {
    if (ONLY && size !== ONLY) continue;
    const r = await ensureSqlite(size, log);
    log(`SQLite ${size}: ${r.path}${r.seconds === null ? ' (cached)' : ''}`);
  }
  if (!process.argv.includes('--sqlite-only')) {
    if (await pgReachable()) {
      for (const size of Object.keys(SIZES)) {
        if (ONLY && size !== ONLY) continue;
        const r = await ensurePg(size, log);
        log(`PostgreSQL ${size}: schema ${r.schema}${r.seconds === null ? ' (cached)' : ''}`);
      }
    } else {
      log(`PostgreSQL is not reachable at ${PG_URL}: skipped.`);
    }
  }
}
