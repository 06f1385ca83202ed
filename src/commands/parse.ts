// Option values as the user typed them, checked and turned into what the store expects.
// Every failure is a UsageError (exit 2) that names the accepted forms.
import { UsageError } from '../domain/errors.js';
import { addDays, dayStartIn } from '../domain/days.js';
import { AUDIT_ACTIONS, SESSION_STATUSES, type SessionStatus } from '../domain/types.js';

const DATE_FORMS = 'YYYY-MM-DD, today, yesterday or tomorrow';

export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export { addDays };

/**
 * A day as typed, checked at once (exit 2 before the database is opened): YYYY-MM-DD, or one of
 * the words, kept as the word until resolveDay knows the practice's today.
 */
export function parseDay(value: string, option: string): string {
  const v = value.trim().toLowerCase();
  if (v === 'today' || v === 'yesterday' || v === 'tomorrow' || isRealDate(v)) return v;
  throw new UsageError(`${option} must be a date: ${DATE_FORMS} (got "${shorten(value)}").`);
}

/** A day from parseDay as a date, `today` being the practice's (practiceToday). */
export function resolveDay(day: string, today: string): string {
  if (day === 'today') return today;
  if (day === 'yesterday') return addDays(today, -1);
  if (day === 'tomorrow') return addDays(today, 1);
  return day;
}

export function parseDate(value: string, option: string, today: string): string {
  return resolveDay(parseDay(value, option), today);
}

/** A month as typed: YYYY-MM, or this/today (kept as "this" until the practice's today is known). */
export function parseMonthForm(value: string, option: string): string {
  const v = value.trim().toLowerCase();
  if (v === 'this' || v === 'today') return 'this';
  if (/^\d{4}-\d{2}$/.test(v) && isRealDate(`${v}-01`)) return v;
  throw new UsageError(`${option} must be a month as YYYY-MM (got "${shorten(value)}").`);
}

export function parseMonth(value: string, option: string, today: string): string {
  const m = parseMonthForm(value, option);
  return m === 'this' ? today.slice(0, 7) : m;
}

export function parseId(value: string, what = 'session id'): number {
  const v = value.trim();
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v)) || Number(v) > 2147483647) {
    throw new UsageError(`A ${what} is a positive whole number (got "${shorten(value)}").`);
  }
  return Number(v);
}

export function parseIds(values: readonly string[], what = 'session id'): number[] {
  if (values.length === 0) throw new UsageError(`Give at least one ${what}.`);
  return values.map((v) => parseId(v, what));
}

export function parsePositiveInt(value: string, option: string, max = 1_000_000): number {
  const v = value.trim();
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > max) {
    throw new UsageError(`${option} must be a whole number from 1 to ${max} (got "${shorten(value)}").`);
  }
  return n;
}

export function parseStatuses(value: string): SessionStatus[] {
  const parts = value.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
  const bad = parts.filter((p) => !(SESSION_STATUSES as readonly string[]).includes(p));
  if (parts.length === 0 || bad.length > 0) {
    throw new UsageError(
      `--status must be one or more of ${SESSION_STATUSES.join(', ')}, separated by commas (got "${shorten(value)}").`,
    );
  }
  return parts as SessionStatus[];
}

/** Free text for a filter: no control characters, bounded length. */
export function parseText(value: string, option: string, max = 200): string {
  const v = value.trim();
  if (v === '') throw new UsageError(`${option} is empty.`);
  if (v.length > max) throw new UsageError(`${option} is longer than ${max} characters.`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) throw new UsageError(`${option} contains control characters.`);
  return v;
}

export function checkRange(from: string | undefined, to: string | undefined): void {
  if (from && to && from > to) throw new UsageError(`--from (${from}) is after --to (${to}).`);
}

/** Long or hostile input is quoted back shortened, never whole. */
export function shorten(text: string, max = 40): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** One of a fixed set of words, case-insensitive; the error lists them. */
export function parseChoice<T extends string>(value: string, option: string, choices: readonly T[]): T {
  const v = value.trim().toLowerCase();
  const found = choices.find((c) => c === v);
  if (found === undefined) {
    throw new UsageError(`${option} must be one of: ${choices.join(', ')} (got "${shorten(value)}").`);
  }
  return found;
}

/** An audit action ("payment.remove") or a family of them ("payment"), lower case; only real ones. */
export function parseAuditAction(value: string): string {
  const v = value.trim().toLowerCase();
  const families = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0] as string))];
  if ((AUDIT_ACTIONS as readonly string[]).includes(v) || families.includes(v)) return v;
  throw new UsageError(
    `--action must be one of the actions ${AUDIT_ACTIONS.join(', ')}, or a family: ${families.join(', ')} (got "${shorten(value)}").`,
  );
}

/** A head written down earlier, as `audit head` prints it: ID:HASH (64 hex digits). */
export function parseHead(value: string): { id: number; hash: string } {
  const m = /^\s*(\d{1,10}):([0-9a-fA-F]{64})\s*$/.exec(value);
  if (!m) throw new UsageError(`--head must be ID:HASH as \`sessionctl audit head\` prints it (got "${shorten(value)}").`);
  return { id: parseId(m[1] as string, 'audit entry id'), hash: (m[2] as string).toLowerCase() };
}

/** The instant at which `date` begins in the practice's zone, as the audit log writes instants (UTC, no milliseconds). */
export function dayStartInstant(date: string, zone: string): string {
  return dayStartIn(zone, date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
