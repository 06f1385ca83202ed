// A horizontal bar chart drawn with Unicode block characters. The bars carry the information on
// their own; colour only decorates them, and a terminal that cannot draw blocks gets '#'.
import type { ChalkInstance } from 'chalk';

export interface Bar {
  label: string;
  value: number;
}

export interface BarChartOptions {
  /** Columns available; 80 when the output is not a terminal. */
  width?: number;
  color: ChalkInstance;
  /** Plain ASCII ('#') instead of block characters (TERM=dumb). */
  ascii?: boolean;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const MAX_LABEL = 32;
const MIN_BAR = 10;

/** A bar of `value / max` of `cells` cells, in eighths of a cell; a non-zero value is never invisible. */
export function bar(value: number, max: number, cells: number, ascii = false): string {
  if (value <= 0 || max <= 0) return '';
  if (ascii) return '#'.repeat(Math.max(1, Math.round((value / max) * cells)));
  const eighths = Math.max(1, Math.round((value / max) * cells * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? '');
}

export function barChart(bars: readonly Bar[], opts: BarChartOptions): string {
  if (bars.length === 0) return '';
  const width = Math.max(40, opts.width ?? 80);
  const labels = bars.map((b) => (b.label.length > MAX_LABEL ? `${b.label.slice(0, MAX_LABEL - 1)}…` : b.label));
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const counts = bars.map((b) => String(b.value));
  const countWidth = Math.max(...counts.map((c) => c.length));
  const cells = Math.max(MIN_BAR, width - labelWidth - countWidth - 3);
  const max = Math.max(...bars.map((b) => b.value));
  return bars
    .map((b, i) => {
      const drawn = bar(b.value, max, cells, opts.ascii);
      // Every block character, whole or partial, takes one cell.
      const pad = ' '.repeat(Math.max(0, cells - [...drawn].length));
      return `${(labels[i] ?? '').padEnd(labelWidth)} ${opts.color.cyan(drawn)}${pad} ${(counts[i] ?? '').padStart(countWidth)}`;
    })
    .join('\n');
}
