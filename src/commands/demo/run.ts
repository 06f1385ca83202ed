import { chmodSync, existsSync, lstatSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CommandRun } from '../define.js';
import { resolveDay } from '../parse.js';
import { machineDay } from '../../domain/days.js';
import { FailError, UsageError } from '../../domain/errors.js';
import { opt, readOptions } from '../options.js';
import { generateDemo } from './generate.js';
import { insertSeed, isDemoDatabase, isEmptyDatabase } from '../../store/seed.js';
import { migrate } from '../../store/schema.js';
import { DEMO_FILE, parseDbSpec } from '../../store/spec.js';
import { nowIso } from '../../store/changes.js';
import { shellWord } from '../../ui/shell.js';
import { invocation } from '../invocation.js';
import { wrap } from '../../ui/wrap.js';

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

const OPTIONS = { date: opt.date({ default: 'today' }) };

export const run: CommandRun = async (ctx, _args, opts) => {
  const { date: day } = readOptions(opts, OPTIONS, ctx);
  // A new practice has no time zone set: its day is the machine's.
  const date = resolveDay(day, machineDay(ctx.now()));
  // The demo never follows SESSIONCTL_DB: only an explicit --db may point it elsewhere.
  const location = ctx.dbFlag ?? DEMO_FILE;
  const spec = parseDbSpec(location);
  if (spec.engine !== 'sqlite') {
    throw new UsageError('The demo writes an embedded SQLite file; give --db a file path.');
  }
  if (ctx.readOnly) throw new UsageError('The demo writes a database; run it without --read-only.');

  // The demo replaces a file by renaming over it: a link there would be replaced, and what it points
  // to left as it was, which is never what the person meant.
  if (isSymlink(spec.target)) {
    throw new FailError(`${spec.target} is a symbolic link; the demo does not write through links.`, 'Give the path of a real file with --db.');
  }
  if (!existsSync(dirname(spec.target))) {
    throw new FailError(`The folder ${dirname(spec.target)} does not exist.`, 'Create it first, or give another --db.');
  }
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

  // Built in a folder of its own beside the target (mkdtemp: a fresh name no one could plant a link
  // at, private to us) and renamed into place: an interrupted demo leaves no half-made file.
  const { data, summary } = generateDemo(date, nowIso(ctx.now));
  const workdir = mkdtempSync(join(dirname(spec.target), `.${basename(spec.target)}.building-`));
  try {
    // Under a umask such as 0277 mkdtemp's folder would not even be enterable by its owner.
    chmodSync(workdir, 0o700);
    const building = join(workdir, 'demo.db');
    const db = await ctx.openDb({ location: building, create: true, anySchema: true });
    await migrate(db);
    await insertSeed(db, data);
    await ctx.close();
    for (const suffix of ['-wal', '-shm']) rmSync(`${spec.target}${suffix}`, { force: true });
    renameSync(building, spec.target);
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }

  if (ctx.json) {
    ctx.out.json({ database: spec.label, ...summary });
    return 0;
  }
  // Messages go to stderr: wrapped to its width when it is a terminal.
  const width = ctx.streams.stderr.isTTY ? ctx.streams.stderr.columns : undefined;
  ctx.out.success(wrap(`Demo practice written to ${spec.label} for ${date} (sessions ${summary.from} to ${summary.to}), as it stands at ${summary.asOf}.`, width && width - 2, '', '  '));
  const c = summary.counts;
  ctx.out.info(
    wrap(
      `${c.patients} patients, ${c.providers} providers, ${c.locations} locations, ${c.sessions} sessions, ` +
        `${c.claims} claims, ${c.payments} payments, ${c.adjustments} adjustments, ${c.notes} notes, ${c.charges} charges`,
      width,
      '  ',
      '  ',
    ),
  );
  ctx.out.info(`  On ${date}:`);
  for (const [label, id] of Object.entries(summary.showcase)) ctx.out.info(`    session ${String(id).padEnd(6)} ${label}`);
  // Every other command opens ./sessionctl.db unless told otherwise: say how to come back here.
  ctx.out.info(wrap(`Open it again with: ${invocation(ctx.env)} --db ${shellWord(spec.target)} dashboard --date ${date} (or search, confirm-schedule, calendar)`, width, '  ', '    '));
  if (!ctx.interactive) return 0;
  // On a terminal the demo goes straight to what it is for: the day's dashboard and its hand-off.
  ctx.out.info('');
  const { showDay } = await import('../listing.js');
  return showDay(ctx, await ctx.openDb({ location }), date);
};
