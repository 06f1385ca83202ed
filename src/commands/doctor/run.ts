// `sessionctl doctor`: for support staff, one command that says whether a practice's database is
// healthy, and for each problem the command that deals with it. It only reads (works with
// --read-only); exit 0 healthy, 1 at least one problem.
import type { CommandRun } from '../define.js';
import type { Context } from '../context.js';
import type { Db } from '../../store/connection.js';
import type { CheckStatus, HealthCheck } from '../../domain/health.js';
import { CliError, UsageError } from '../../domain/errors.js';
import { parseDbSpec, type DbSpec } from '../../store/spec.js';
import { schemaStatus } from '../../store/schema.js';
import {
  foreignKeyProblems,
  integrityProblems,
  pgCatalogProblems,
  sessionsOfInactiveProviders,
  staleAddenda,
  walSize,
} from '../../store/health.js';
import { scanDuplicates } from '../../actions/duplicates.js';
import { verifyAudit } from '../../store/audit-verify.js';
import { practiceToday } from '../../store/settings.js';
import { machineDay } from '../../domain/days.js';
import { opt, readOptions } from '../options.js';
import { printHealth } from '../../ui/doctor.js';
import { shellWord } from '../../ui/shell.js';

interface Env {
  ctx: Context;
  db: Db;
  spec: DbSpec;
  /** --db as the user should type it again in a remedy. */
  dbArg: string;
  today: string;
  /** undefined: the engine's default. */
  walLimitMiB: number | undefined;
  addendaDays: number;
}

type Found = { status: CheckStatus; summary: string; details?: string[]; remedy?: string[] };

interface Check {
  id: string;
  title: string;
  /** Needs the schema exactly as this build knows it (skipped otherwise). */
  needsSchema: boolean;
  run(env: Env): Promise<Found>;
}

const ok = (summary: string, details?: string[]): Found => ({ status: 'ok', summary, details });
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

// The database's own consistency. PostgreSQL has no integrity_check (its pages are checksummed and
// checked by the server); what applies there is constraints and indexes left unvalidated.
const CONSISTENCY: Check[] = [
  {
    id: 'integrity',
    title: 'integrity',
    needsSchema: false,
    async run({ db, spec }) {
      if (db.engine === 'sqlite') {
        const problems = await integrityProblems(db);
        if (problems.length === 0) return ok('PRAGMA integrity_check: ok');
        return {
          status: 'problem',
          summary: `PRAGMA integrity_check found ${problems.length === 20 ? '20 or more' : problems.length} problem(s): the file is damaged`,
          details: problems,
          remedy: [
            'Stop every program that uses the database, keep a copy of the file, and restore the last good backup;',
            `or recover what can be read: sqlite3 ${shellWord(spec.target)} ".recover" | sqlite3 recovered.db`,
          ],
        };
      }
      const problems = await pgCatalogProblems(db);
      if (problems.length === 0) return ok('constraints validated, indexes valid');
      return {
        status: 'problem',
        summary: `${problems.length} constraint(s) or index(es) not in force`,
        details: problems,
        remedy: ['ALTER TABLE … VALIDATE CONSTRAINT …, or REINDEX INDEX … (a database administrator)'],
      };
    },
  },
  {
    id: 'foreign-keys',
    title: 'foreign keys',
    needsSchema: false,
    async run({ db, dbArg }) {
      const problems = await foreignKeyProblems(db);
      if (problems.length === 0) return ok(db.engine === 'sqlite' ? 'PRAGMA foreign_key_check: ok' : 'no row points at a missing row');
      const rows = problems.reduce((n, p) => n + p.rows, 0);
      const first = problems[0]!;
      return {
        status: 'problem',
        summary: `${rows} row(s) point at rows that do not exist`,
        details: problems.map((p) => `${p.rows} ${p.table} row(s) → missing ${p.parent} ${p.missing.join(', ')}`),
        remedy: [
          first.parent === 'sessions'
            ? `See whether sessionctl deleted it: sessionctl${dbArg} audit --session ${first.missing[0] ?? 'ID'}`
            : `Another program wrote these rows without their ${first.parent}: have the practice system's vendor restore them`,
        ],
      };
    },
  },
];

// The practice's backlog: what waits for a person.
const BACKLOG: Check[] = [
  {
    id: 'duplicates',
    title: 'duplicates',
    needsSchema: true,
    async run({ db, dbArg }) {
      const s = await scanDuplicates(db, {}, () => undefined);
      if (s.groups === 0) return ok('no session entered twice');
      const removable = s.groups - s.conflicts;
      const remedy: string[] = [];
      if (removable > 0) {
        remedy.push(`sessionctl${dbArg} duplicates --delete --dry-run   (what would go)`, `sessionctl${dbArg} duplicates --delete`);
      }
      if (s.conflicts > 0) remedy.push(`sessionctl${dbArg} duplicates   (the conflicts: a person decides, with sessionctl explain ID)`);
      return {
        status: 'problem',
        summary: `${s.groups} group(s) of duplicate sessions waiting (${s.proposed} to remove), ${s.conflicts} conflict(s)`,
        remedy,
      };
    },
  },
  {
    id: 'addenda',
    title: 'WebPT addenda',
    needsSchema: true,
    async run({ db, ctx, dbArg, addendaDays }) {
      const before = new Date(ctx.now().getTime() - addendaDays * 86400000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const stale = await staleAddenda(db, before);
      if (stale.count === 0) return ok(`none owed for more than ${addendaDays} days`);
      return {
        status: 'problem',
        summary: `${stale.count} addend${stale.count === 1 ? 'um' : 'a'} owed in WebPT for more than ${addendaDays} days (oldest ${stale.oldest})`,
        remedy: [`sessionctl${dbArg} addenda   (which ones)`, `sessionctl${dbArg} addenda complete ${stale.ids.slice(0, 5).join(' ')}   (once done in WebPT)`],
      };
    },
  },
  {
    id: 'inactive-providers',
    title: 'inactive providers',
    needsSchema: true,
    async run({ db, dbArg, today }) {
      const found = await sessionsOfInactiveProviders(db, today);
      if (found.length === 0) return ok('no session from today on is with an inactive provider');
      const total = found.reduce((n, f) => n + f.sessions, 0);
      return {
        status: 'problem',
        summary: `${total} session(s) from today on are with inactive providers`,
        details: found.map((f) => `${f.sessions} with ${f.provider.name} (provider ${f.provider.id}), from ${f.first}`),
        remedy: found.map(
          (f) => `sessionctl${dbArg} search --provider ${f.provider.id} --from today --status scheduled,confirmed   (reassign in the practice system, or cancel)`,
        ),
      };
    },
  },
  {
    id: 'wal',
    title: 'write-ahead log',
    needsSchema: false,
    async run({ db, spec, walLimitMiB }) {
      const { bytes, normalBytes } = await walSize(db, spec.target);
      if (bytes === null) return { status: 'skipped', summary: 'pg_wal is not visible to this user (needs pg_monitor)' };
      // PostgreSQL keeps pg_wal around max_wal_size in normal running (it may pass it for a while).
      const limit = walLimitMiB ?? (normalBytes === null ? 64 : (2 * normalBytes) / 1048576);
      if (bytes <= limit * 1048576) return ok(`${mib(bytes)} (limit ${mib(limit * 1048576)})`);
      return {
        status: 'problem',
        summary: `${mib(bytes)}, above ${mib(limit * 1048576)}: checkpoints are not keeping up (a program holding a long read open?)`,
        remedy:
          db.engine === 'sqlite'
            ? [`Once other programs have closed it: sqlite3 ${shellWord(spec.target)} "PRAGMA wal_checkpoint(TRUNCATE);"`]
            : ['A database administrator: look for long-running transactions and replication slots that hold WAL (pg_stat_activity, pg_replication_slots)'],
      };
    },
  },
];

// The audit trail: its hash chain recomputed (`audit verify`), so that a row altered, removed or
// inserted by another program is found.
const RECORD: Check[] = [
  {
    id: 'audit-chain',
    title: 'audit trail',
    needsSchema: true,
    async run({ db, dbArg }) {
      const report = await verifyAudit(db);
      if (report.ok) return ok(`hash chain intact: ${report.entries} entr${report.entries === 1 ? 'y' : 'ies'}`);
      const kinds = [...new Set(report.problems.map((p) => p.kind))].join(', ');
      return {
        status: 'problem',
        summary: `hash chain broken: ${report.problemCount} problem(s) (${kinds}) in ${report.entries} entries`,
        details: report.problems.slice(0, 5).map((p) => `entry ${p.id}: ${p.message}`),
        remedy: [
          `sessionctl${dbArg} audit verify   (every finding)`,
          `sessionctl${dbArg} audit show ${report.problems[0]?.id ?? 'ID'}   (then compare with a backup: the trail was changed outside sessionctl)`,
        ],
      };
    },
  },
];

const CHECKS: Check[] = [...CONSISTENCY, ...RECORD, ...BACKLOG];

function mebibytes(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--wal-limit must be a number of MiB, 0 or more (got "${value}").`);
  return n;
}

const OPTIONS = {
  walLimit: opt.parsed(mebibytes),
  addendaDays: opt.count({ max: 3650, default: '7' }),
};

export const run: CommandRun = async (ctx, _args, opts) => {
  const { walLimit: walLimitMiB, addendaDays } = readOptions(opts, OPTIONS, ctx);
  const spec = parseDbSpec(ctx.dbLocation);
  const results: HealthCheck[] = [];
  const push = (id: string, title: string, f: Found) =>
    results.push({ id, title, status: f.status, summary: f.summary, details: f.details ?? [], remedy: f.remedy ?? [] });
  const engine = spec.engine === 'pg' ? 'PostgreSQL' : 'SQLite';
  const where = `${engine} at ${spec.label}${ctx.readOnly ? ' (read-only)' : ''}`;
  const dbArg = ctx.dbFlag === undefined ? '' : ` --db ${shellWord(spec.label)}`;

  let db: Db | null = null;
  try {
    const opened = await ctx.openDb({ anySchema: true });
    await opened.knex.raw('SELECT 1');
    db = opened;
    push('database', 'database', ok(where));
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    const hint = err instanceof CliError ? err.hint : undefined;
    push('database', 'database', {
      status: 'problem',
      summary: `${where}: cannot be opened: ${err.message}`,
      remedy: hint ? [hint] : ['Check --db (or SESSIONCTL_DB), the file permissions, or that the server is running'],
    });
  }

  let schemaCurrent = false;
  if (db) {
    const s = await schemaStatus(db);
    schemaCurrent = s.state === 'current';
    const latest = s.applied.at(-1) ?? 'none';
    if (schemaCurrent) push('schema', 'schema', ok(`up to date: ${s.applied.length} migration(s), latest ${latest}`));
    else {
      push('schema', 'schema', {
        status: 'problem',
        summary:
          s.state === 'newer'
            ? `from a newer sessionctl (${s.unknown.join(', ')})`
            : s.state === 'empty'
              ? 'no sessionctl schema'
              : `behind: ${s.pending.length} migration(s) pending (${s.pending.join(', ')})`,
        remedy: s.state === 'newer' ? ['Upgrade sessionctl to the version that migrated this database'] : [`sessionctl${dbArg} db migrate`],
      });
    }
  }

  const env = db && { ctx, db, spec, dbArg, today: await todayOf(db, ctx.now()), walLimitMiB, addendaDays };
  for (const check of CHECKS) {
    if (!env) push(check.id, check.title, { status: 'skipped', summary: 'the database could not be opened' });
    else if (check.needsSchema && !schemaCurrent) push(check.id, check.title, { status: 'skipped', summary: 'needs the schema up to date' });
    else {
      try {
        push(check.id, check.title, await check.run(env));
      } catch (err) {
        push(check.id, check.title, {
          status: 'problem',
          summary: `could not be checked: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
          remedy: ['Run it again with --debug, and pass the output to support'],
        });
      }
    }
  }

  const healthy = results.every((r) => r.status !== 'problem');
  if (ctx.json) ctx.out.json({ ok: healthy, database: { engine: spec.engine, location: spec.label, readOnly: ctx.readOnly }, checks: results });
  else printHealth(ctx.out, results, healthy);
  return healthy ? 0 : 1;
};

/** The practice's today; the machine's when the settings cannot be read (a damaged schema is reported, not fatal). */
async function todayOf(db: Db, now: Date): Promise<string> {
  try {
    return await practiceToday(db.knex, now);
  } catch {
    return machineDay(now);
  }
}
