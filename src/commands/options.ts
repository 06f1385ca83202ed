// Each command's options read once, at the top of its run, into a typed object: a schema of fields,
// each a reader of what commander gave (a string, true, or nothing) that throws a UsageError naming
// the option. Our own few lines rather than a schema library: the readers are parse.ts's, which
// already say what forms are accepted, and nothing has to be installed or loaded at start-up.
import type { SessionStatus } from '../domain/types.js';
import type { CommandOptions } from './define.js';
import { parseAuditAction, parseChoice, parseDay, parseId, parseMonthForm, parsePositiveInt, parseStatuses, parseText } from './parse.js';

export interface ReadContext {
  /** The run's clock: "today" and "this" month are read against it. */
  now(): Date;
}

/** One option: its raw value (undefined when not given) and its name as typed (--dry-run). */
export type Field<T> = (raw: unknown, flag: string, ctx: ReadContext) => T;

type Parse<T> = (value: string, flag: string, ctx: ReadContext) => T;

export interface Valued {
  /** Read as if typed when the option is absent (so "today" becomes the date); without it, undefined. */
  default?: string;
}

type Read<T, O> = O extends { default: string } ? T : T | undefined;

/** A field that reads a string, the option's value. */
function valued<T>(parse: Parse<T>) {
  return <O extends Valued>(o?: O): Field<Read<T, O>> =>
    (raw, flag, ctx) => {
      const value = raw === undefined ? o?.default : String(raw);
      return (value === undefined ? undefined : parse(value, flag, ctx)) as Read<T, O>;
    };
}

export const opt = {
  /** A switch: true when given. */
  flag: (): Field<boolean> => (raw) => raw === true,
  /** Free text without control characters, at most `max` characters (200 unless said). */
  text: <O extends Valued & { max?: number }>(o?: O) => valued((v, flag) => parseText(v, flag, o?.max ?? 200))(o),
  /**
   * YYYY-MM-DD, today, yesterday or tomorrow: checked here, the words kept as typed until the
   * practice's today is known (practiceDays, once the database is open).
   */
  date: valued((v, flag) => parseDay(v, flag)),
  /** YYYY-MM, or "this" (kept until the practice's today is known). */
  month: valued((v, flag) => parseMonthForm(v, flag)),
  /** A whole number from 1 to `max`. */
  count: <O extends Valued & { max: number }>(o: O) => valued((v, flag) => parsePositiveInt(v, flag, o.max))(o),
  /** A record's id. */
  id: <O extends Valued & { what: string }>(o: O) => valued((v) => parseId(v, o.what))(o),
  /** scheduled, confirmed and/or cancelled, separated by commas. */
  statuses: valued<SessionStatus[]>((v) => parseStatuses(v)),
  /** One of a fixed set of words. */
  choice: <T extends string, O extends Valued>(of: readonly T[], o?: O) => valued<T>((v, flag) => parseChoice(v, flag, of))(o),
  /** An audit action or a family of them. */
  auditAction: valued((v) => parseAuditAction(v)),
  /** Read by a command's own parser (which names the option in its messages). */
  parsed: <T>(parse: (value: string) => T) => valued((v) => parse(v))(),
};

export type Schema = Record<string, Field<unknown>>;
export type Options<S extends Schema> = { [K in keyof S]: ReturnType<S[K]> };

/** dryRun → --dry-run: how commander names the attribute of an option. */
const flagOf = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Reads every option of the schema, in the schema's order (the first bad one is the one reported). */
export function readOptions<S extends Schema>(raw: CommandOptions, schema: S, ctx: ReadContext): Options<S> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema)) out[key] = field(raw[key], flagOf(key), ctx);
  return out as Options<S>;
}
