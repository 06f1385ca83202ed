// Practice settings and the circumstances that every rule decision of one run shares.
import type { Queryable } from './queryable.js';
import type { IntegrationMode, RuleContext } from '../domain/types.js';
import type { Db } from './connection.js';
import { canonicalZone, dayIn, machineDay, machineZone } from '../domain/days.js';


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

/** The zone the practice set, canonical; null when unset, or a value some other program wrote that Intl does not know. */
async function setZone(q: Queryable): Promise<string | null> {
  const stored = await getSetting(q, 'time_zone');
  return stored === null ? null : canonicalZone(stored);
}

/** The practice's time zone (setting time_zone): its days are the ones "today" and the rules mean. */
export async function practiceZone(q: Queryable): Promise<string> {
  return (await setZone(q)) ?? machineZone();
}

/** Today's date (YYYY-MM-DD) in the practice's time zone; the machine's own day without Intl when none is set. */
export async function practiceToday(q: Queryable, now: Date = new Date()): Promise<string> {
  const zone = await setZone(q);
  return zone === null ? machineDay(now) : dayIn(zone, now);
}

/** What every rule decision of one run shares, in one statement: each batch of a bulk change reads it again under its lock. */
export async function ruleContext(db: Db, q: Queryable = db.knex, now: Date = new Date()): Promise<RuleContext> {
  const setting = (key: string) => q('settings').select('value').where({ key }).limit(1);
  const [row] = (await q.select({
    mode: setting('integration_mode'),
    cancellationClass: q('session_classes').select('id').where({ active: true, is_cancellation: true }).limit(1),
    zone: setting('time_zone'),
  })) as Array<{ mode: string | null; cancellationClass: number | null; zone: string | null }>;
  const zone = row?.zone == null ? null : canonicalZone(row.zone);
  return {
    integrationMode: row?.mode === 'webpt' ? 'webpt' : 'standalone',
    readOnly: db.readOnly,
    cancellationClassAvailable: row?.cancellationClass != null,
    today: zone === null ? machineDay(now) : dayIn(zone, now),
  };
}
