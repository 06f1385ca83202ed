// Session classes.
import type { Queryable } from './queryable.js';
import type { SessionClass } from '../domain/types.js';


interface ClassRow {
  id: number;
  name: string;
  is_cancellation: number | boolean;
  active: number | boolean;
}

export function toClass(r: ClassRow): SessionClass {
  return { id: Number(r.id), name: r.name, isCancellation: Boolean(r.is_cancellation), active: Boolean(r.active) };
}

export async function listClasses(q: Queryable): Promise<SessionClass[]> {
  const rows = (await q('session_classes').select('*').orderBy('name')) as ClassRow[];
  return rows.map(toClass);
}

export async function findClassByName(q: Queryable, name: string): Promise<SessionClass | null> {
  const row = (await q('session_classes').whereRaw('lower(name) = ?', [name.toLowerCase()]).first()) as
    | ClassRow
    | undefined;
  return row ? toClass(row) : null;
}
