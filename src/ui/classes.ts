// Session classes for people and for --json.
import type { ClassUsage } from '../store/class-rows.js';
import { grid } from './grid.js';
import type { Output } from './output.js';

export function classJson(c: ClassUsage) {
  return { id: c.id, name: c.name, isCancellation: c.isCancellation, active: c.active, sessions: c.sessions };
}

export function classesTable(classes: readonly ClassUsage[], out: Output): string {
  const c = out.color;
  const rows = classes.map((k) => [
    String(k.id),
    k.name,
    k.isCancellation ? 'yes' : '—',
    k.active ? c.green('active') : c.dim('inactive'),
    String(k.sessions),
  ]);
  return grid(['ID', 'Name', 'Cancellation', 'Status', 'Sessions'], rows, c);
}
