// Practice settings and the circumstances that every rule decision of one run shares.
import type { Queryable } from './queryable.js';
import type { IntegrationMode, RuleContext } from '../domain/types.js';
import { dayIn, machineZone } from '../domain/days.js';
import type { Db } from './connection.js';


export async function getSetting(q: Queryable, key: string): Promise<string | null> {
  const row = await q('settings').where({ key }).first('value');
  return row ? (row.value as string) : null;
}

export async function setSetting(q: Queryable, key: string, value: string): Promise<string | null> {
  const before = await getSetting(q, key);
  if (before === null) await q('settings').insert({ key, value });
  else await q('settings').where({ key }).update({ value });
  return before;
}

export async function integrationMode(q: Queryable): Promise<IntegrationMode> {
  return (await getSetting(q, 'integration_mode')) === 'webpt' ? 'webpt' : 'standalone';
}

export async function cancellationClassAvailable(q: Queryable): Promise<boolean> {
  const row = await q('session_classes').where({ active: true, is_cancellation: true }).first('id');
  return row !== undefined;
}

/** The practice's day at `now`: in the zone of setting `time_zone`, else the machine's zone. */
export async function practiceToday(q: Queryable, now: Date = new Date()): Promise<string> {
  const zone = await getSetting(q, 'time_zone');
  if (zone) {
    try {
      return dayIn(zone, now);
    } catch {
      // A zone this Node.js does not know: the machine's day rather than no day at all.
    }
  }
  return dayIn(machineZone(), now);
}

export async function ruleContext(db: Db, q: Queryable = db.knex, now: Date = new Date()): Promise<RuleContext> {
  // Sequential: inside a transaction `q` is one connection, where overlapping queries are deprecated (pg@9 refuses them).
  const mode = await integrationMode(q);
  const available = await cancellationClassAvailable(q);
  const today = await practiceToday(q, now);
  return { integrationMode: mode, readOnly: db.readOnly, cancellationClassAvailable: available, today };
}
