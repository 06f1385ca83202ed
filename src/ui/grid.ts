// A plain bordered table for the record commands (classes, payments, addenda, audit).
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';

/** Cells longer than `max` visible characters are cut with an ellipsis, so one long value cannot wreck the layout. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

export function grid(head: readonly string[], rows: readonly (readonly string[])[], color: ChalkInstance): string {
  const table = new Table({ head: head.map((h) => color.bold(h)), style: { head: [], border: [], compact: true } });
  for (const r of rows) table.push([...r]);
  return table.toString();
}
