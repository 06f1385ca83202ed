import type { CommandRun } from '../define.js';
import { dayRange, practiceDays } from '../practice-day.js';
import { opt, readOptions } from '../options.js';
import { CANCELLATION_GROUPINGS, cancellationCounts, type CountRow } from '../../store/reports.js';
import { barChart } from '../../ui/barchart.js';

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Months without cancellations between the first and the last that have some, as zero rows: a gap shows. */
function fillMonths(rows: CountRow[]): CountRow[] {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last) return rows;
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const filled: CountRow[] = [];
  for (let m = first.key; m <= last.key; m = nextMonth(m)) filled.push(byKey.get(m) ?? { key: m, id: null, count: 0 });
  return filled;
}

const OPTIONS = { from: opt.date(), to: opt.date(), by: opt.choice(CANCELLATION_GROUPINGS, { default: 'class' }) };

export const cancellationsRun: CommandRun = async (ctx, _args, opts) => {
  const { from: fromDay, to: toDay, by } = readOptions(opts, OPTIONS, ctx);
  const db = await ctx.openDb();
  // Days of the practice's zone: "yesterday" is the clinic's yesterday, whatever the server's.
  const { from, to } = dayRange(await practiceDays(db, ctx.now()), fromDay, toDay);
  const counted = await cancellationCounts(db, by, { from, to });
  const rows = by === 'month' ? fillMonths(counted) : counted;
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  if (ctx.json) {
    ctx.out.json({
      by,
      from: from ?? null,
      to: to ?? null,
      rows: rows.map((r) => ({ key: r.key, count: r.count, ...(r.id !== null ? { id: r.id } : {}) })),
      total,
    });
    return 0;
  }
  const range = from && to ? `${from} to ${to}` : from ? `from ${from}` : to ? `up to ${to}` : 'all dates';
  ctx.out.print(ctx.out.color.bold(`Cancelled sessions by ${by}, ${range}`));
  if (total === 0) {
    ctx.out.print('No cancelled sessions in that range.');
    return 0;
  }
  const stdout = ctx.streams.stdout;
  ctx.out.print(
    barChart(
      rows.map((r) => ({ label: r.key, value: r.count })),
      { width: stdout.isTTY ? stdout.columns : undefined, color: ctx.out.color, ascii: ctx.env.TERM === 'dumb' },
    ),
  );
  ctx.out.print(`Total: ${total}`);
  return 0;
};
