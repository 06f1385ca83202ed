import { existsSync, renameSync, rmSync } from 'node:fs';
import type { CommandRun } from '../define.js';
import { FailError, UsageError } from '../../domain/errors.js';
import { parseDate } from '../parse.js';
import { dayIn, machineZone } from '../../domain/days.js';
import { generateDemo } from './generate.js';
import { insertSeed, isDemoDatabase, isEmptyDatabase } from '../../store/seed.js';
import { migrate } from '../../store/schema.js';
import { DEMO_FILE, parseDbSpec } from '../../store/spec.js';
import { nowIso } from '../../store/changes.js';


export const run: CommandRun = async (ctx, _args, opts) => {
  // A new practice has no time zone set: its day is the machine's.
  const date = parseDate(String(opts.date ?? 'today'), '--date', dayIn(machineZone(), ctx.now()));
  // The demo never follows SESSIONCTL_DB: only an explicit --db may point it elsewhere.
  const location = ctx.dbFlag ?? DEMO_FILE;
  const spec = parseDbSpec(location);
  if (spec.engine !== 'sqlite') {
    throw new UsageError('The demo writes an embedded SQLite file; give --db a file path.');
  }
  if (ctx.readOnly) throw new UsageError('The demo writes a database; run it without --read-only.');

  if (existsSync(spec.target)) {
    const existing = await ctx.openDb({ location, anySchema: true });
    const replaceable = (await isDemoDatabase(existing)) || (await isEmptyDatabase(existing));
    await ctx.close();
    if (!replaceable) {
      throw new FailError(
        `${spec.target} exists and was not made by \`sessionctl demo\`; it was left untouched.`,
        'Give another file with --db, or move that one away.',
      );
    }
  }

  // Built beside the target and renamed into place: an interrupted demo leaves no half-made file.
  const building = `${spec.target}.building-${process.pid}`;
  const { data, summary } = generateDemo(date, nowIso(ctx.now));
  try {
    const db = await ctx.openDb({ location: building, create: true, anySchema: true });
    await migrate(db);
    await insertSeed(db, data);
    await ctx.close();
    for (const suffix of ['-wal', '-shm']) rmSync(`${spec.target}${suffix}`, { force: true });
    renameSync(building, spec.target);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  }

  if (ctx.json) {
    ctx.out.json({ database: spec.label, ...summary });
    return 0;
  }
  ctx.out.success(`Demo practice written to ${spec.label} for ${date} (sessions ${summary.from} to ${summary.to}).`);
  const c = summary.counts;
  ctx.out.info(
    `  ${c.patients} patients, ${c.providers} providers, ${c.locations} locations, ${c.sessions} sessions, ` +
      `${c.claims} claims, ${c.payments} payments, ${c.adjustments} adjustments, ${c.notes} notes, ${c.charges} charges`,
  );
  ctx.out.info(`  On ${date}:`);
  for (const [label, id] of Object.entries(summary.showcase)) ctx.out.info(`    session ${String(id).padEnd(6)} ${label}`);
  // Every other command opens ./sessionctl.db unless told otherwise: say how to come back here.
  ctx.out.info(`  Open it again with: sessionctl --db ${spec.target} dashboard --date ${date}  (or search, confirm-schedule, calendar)`);
  if (!ctx.interactive) return 0;
  // On a terminal the demo goes straight to what it is for: the day's dashboard and its hand-off.
  ctx.out.info('');
  const { showDay } = await import('../dashboard/run.js');
  return showDay(ctx, await ctx.openDb({ location }), date);
};
