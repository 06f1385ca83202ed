// Every row of the settings table, for `settings get`.
import type { Queryable } from './queryable.js';


export async function allSettings(q: Queryable): Promise<Array<{ key: string; value: string }>> {
  const rows = (await q('settings').select('key', 'value').orderBy('key')) as Array<{ key: string; value: string }>;
  return rows.map((r) => ({ key: String(r.key), value: String(r.value) }));
}
