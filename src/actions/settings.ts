// Practice settings that sessionctl may change: today only integration_mode, which changes the rules.
import { INTEGRATION_MODES, type IntegrationMode } from '../domain/types.js';
import { UsageError } from '../domain/errors.js';
import { canonicalZone, machineZone } from '../domain/days.js';
import type { Db } from '../store/connection.js';
import { nowIso, writeAudit, writeTransaction } from '../store/changes.js';
import { getSetting, setSetting } from '../store/settings.js';
import { allSettings } from '../store/settings-list.js';
import { requireWritable } from './guard.js';

/**
 * The settings that `settings set` accepts: each turns what was typed into the value stored (or
 * null when it is not one), says which values it takes, and what holds when the row is absent.
 */
interface Settable {
  accept(typed: string): string | null;
  values: string;
  default(): string;
}

export const SETTABLE: Record<'integration_mode' | 'time_zone', Settable> = {
  integration_mode: {
    accept: (t) => (INTEGRATION_MODES as readonly string[]).find((m) => m === t.toLowerCase()) ?? null,
    values: `one of: ${INTEGRATION_MODES.join(', ')}`,
    default: () => 'standalone' satisfies IntegrationMode,
  },
  // The practice's day (CONTRACT §4.5): an IANA name that Intl knows, stored in its canonical spelling.
  time_zone: {
    accept: canonicalZone,
    values: 'an IANA time zone name such as America/Los_Angeles, Europe/Berlin or UTC',
    default: machineZone,
  },
};
export type SettableKey = keyof typeof SETTABLE;

export interface SettingValue {
  key: string;
  value: string;
  /** True when the row is absent and the value is the default. */
  isDefault: boolean;
}

/** Every stored setting, plus the settable ones at their defaults when absent. */
export async function readSettings(db: Db): Promise<SettingValue[]> {
  const stored = await allSettings(db.knex);
  const result: SettingValue[] = stored.map((s) => ({ ...s, isDefault: false }));
  for (const [key, spec] of Object.entries(SETTABLE)) {
    if (!stored.some((s) => s.key === key)) result.push({ key, value: spec.default(), isDefault: true });
  }
  return result.sort((a, b) => a.key.localeCompare(b.key));
}

// eslint-disable-next-line no-control-regex
const quote = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text).replace(/[\u0000-\u001f\u007f]/g, '?');

export function checkSetting(key: string, value: string): { key: SettableKey; value: string } {
  const settable = Object.keys(SETTABLE);
  if (!settable.includes(key)) {
    throw new UsageError(`"${quote(key)}" is not a setting that sessionctl changes.`, `Settable: ${settable.join(', ')}.`);
  }
  const accepted = SETTABLE[key as SettableKey].accept(value);
  if (accepted === null) {
    throw new UsageError(`${key} must be ${SETTABLE[key as SettableKey].values} (got "${quote(value)}").`);
  }
  return { key: key as SettableKey, value: accepted };
}

export interface SettingChange {
  key: SettableKey;
  before: string;
  after: string;
  changed: boolean;
  auditId: number | null;
}

export async function changeSetting(
  db: Db,
  key: string,
  value: string,
  opts: { actor: string; clock?: () => Date },
): Promise<SettingChange> {
  const checked = checkSetting(key, value);
  requireWritable(db, `Setting ${checked.key}`);
  return writeTransaction(db, async (trx) => {
    const stored = await getSetting(trx, checked.key);
    const before = stored ?? SETTABLE[checked.key].default();
    if (before === checked.value) return { key: checked.key, before, after: before, changed: false, auditId: null };
    await setSetting(trx, checked.key, checked.value);
    const [auditId] = await writeAudit(trx, opts.actor, nowIso(opts.clock), [
      {
        action: 'settings.set',
        sessionId: null,
        detail: { key: checked.key, before: stored, after: checked.value },
      },
    ]);
    return { key: checked.key, before, after: checked.value, changed: true, auditId: auditId ?? null };
  });
}
