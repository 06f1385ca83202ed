// Calendar days and instants in a time zone: the practice's day (CONTRACT §4.5). Pure: Intl only.

/** The zone this machine runs in, the default when the practice has not set one. */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

// Intl's first use in a process loads ICU's locale data: 18-30 ms, a tenth of a screen's whole run.
// UTC and the machine's own zone, by far the usual cases, are answered without it: UTC by
// arithmetic, the machine's zone by Date's local time, which reads the same zone Intl names by default.
const UTC_NAMES = /^(etc\/)?(utc|gmt)$/i;

/** The canonical IANA name of `name` (any case), or null when Intl does not know it. */
export function canonicalZone(name: string): string | null {
  if (UTC_NAMES.test(name)) return 'UTC';
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock fields of `instant` in `zone`. */
function wall(zone: string, instant: Date): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year ?? 1970, mo: parts.month ?? 1, d: parts.day ?? 1, h: parts.hour ?? 0, mi: parts.minute ?? 0, s: parts.second ?? 0 };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The calendar day (YYYY-MM-DD) that `instant` falls on in `zone`. */
export function dayIn(zone: string, instant: Date): string {
  if (zone === 'UTC') return instant.toISOString().slice(0, 10);
  const w = wall(zone, instant);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}`;
}

/** "YYYY-MM-DD HH:MM:SS" of `instant` on the wall clocks of `zone`. */
export function wallTimeIn(zone: string, instant: Date): string {
  const w = wall(zone, instant);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)} ${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
}

/** The calendar day that `instant` falls on in this machine's zone (machineZone): dayIn without Intl. */
export function machineDay(instant: Date): string {
  return `${pad(instant.getFullYear(), 4)}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Milliseconds that `zone`'s wall clock is ahead of UTC at `instant`. */
function offsetAt(zone: string, instant: Date): number {
  const w = wall(zone, instant);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant at which `date` begins in `zone` (its first moment, where a DST change skips midnight). */
export function dayStartIn(zone: string, date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(y, m - 1, d);
  let t = midnight - offsetAt(zone, new Date(midnight));
  // Once more with the offset in force at that instant (a DST change between the two).
  t = midnight - offsetAt(zone, new Date(t));
  // Midnight skipped by a change: the day begins at the first instant that falls on it.
  if (dayIn(zone, new Date(t)) !== date) t += 3600_000;
  return new Date(t);
}
