// The day words of a command's options (today, yesterday, tomorrow, this month) are checked before
// the database opens (exit 2 first) and resolved against the practice's today once it is open.
import type { Db } from '../store/connection.js';
import { practiceToday } from '../store/settings.js';
import { checkRange, resolveDay } from './parse.js';

export interface Days {
  /** The practice's today (YYYY-MM-DD, in its time_zone). */
  today: string;
  /** A day as opt.date read it, as a date. */
  day(form: string): string;
  day(form: string | undefined): string | undefined;
  /** A month as opt.month read it ("this" or YYYY-MM). */
  month(form: string): string;
}

export async function practiceDays(db: Db, now: Date): Promise<Days> {
  const today = await practiceToday(db.knex, now);
  const day = ((form: string | undefined) => (form === undefined ? undefined : resolveDay(form, today))) as Days['day'];
  return { today, day, month: (form) => (form === 'this' ? today.slice(0, 7) : form) };
}

/** --from and --to resolved, and in order (exit 2 otherwise). */
export function dayRange(days: Days, from: string | undefined, to: string | undefined): { from?: string; to?: string } {
  const range = { from: days.day(from), to: days.day(to) };
  checkRange(range.from, range.to);
  return range;
}
