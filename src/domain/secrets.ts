// Passwords that a database location can carry, and text with them taken out. Pure: no I/O.
//
// A URL carries a password in its userinfo (`user:password@host`, where the password may hold any
// character, `@` and spaces included: the userinfo ends at the last `@`), or in its query string
// (libpq's `?password=`, `?sslpassword=`); the environment may carry PGPASSWORD. Labels are masked
// by their structure (maskUrl); any other text (driver messages, stack traces, JSON) is scrubbed of
// the known secrets themselves (redact), in every spelling they can take.

const MASK = '***';

/** Query parameters whose value is a secret (libpq: password, sslpassword; anything named like one). */
const SECRET_PARAM = /pass|secret|token/i;

/**
 * Secrets shorter than this are not searched for in free text: replacing every "ab" in a table or a
 * JSON document would wreck it. URLs are still masked by their structure, whatever the length.
 */
export const MIN_SCRUBBED_SECRET = 4;

const URL_START = /\b([a-z][a-z0-9+.-]*:\/\/)/gi;

function maskQuery(query: string): string {
  return query.replace(/([?&;]|^)([^=&#;]*)=([^&#;]*)/g, (all, sep: string, key: string) =>
    SECRET_PARAM.test(key) ? `${sep}${key}=${MASK}` : all,
  );
}

/**
 * One URL (the whole of `url`) with its password masked: `scheme://user:***@host/db?password=***`.
 * Whatever follows `://` up to the last `@` is userinfo; the user name is what precedes its first `:`.
 */
export function maskOneUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([\s\S]*)$/i.exec(url);
  if (!m) return url;
  const [, scheme, rest] = m as unknown as [string, string, string];
  const at = rest.lastIndexOf('@');
  let userinfo = '';
  let after = rest;
  if (at >= 0) {
    const info = rest.slice(0, at);
    const colon = info.indexOf(':');
    userinfo = colon >= 0 ? `${info.slice(0, colon)}:${MASK}@` : `${info}@`;
    after = rest.slice(at + 1);
  }
  const q = after.search(/[?#]/);
  const masked = q < 0 ? after : `${after.slice(0, q)}${maskQuery(after.slice(q))}`;
  return `${scheme}${userinfo}${masked}`;
}

/**
 * Every URL in `text` with its password masked. A URL inside a sentence ends at white space unless its
 * userinfo holds some: then the password is cut at the last `@` before the next line.
 */
export function maskUrl(text: string): string {
  const starts = [...text.matchAll(URL_START)].map((m) => m.index ?? 0);
  if (starts.length === 0) return text;
  let out = text.slice(0, starts[0]);
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]! : text.length;
    const segment = text.slice(start, end);
    // The URL runs to the end of its line; within it, the userinfo to the last '@' there.
    const nl = segment.indexOf('\n');
    const line = nl < 0 ? segment : segment.slice(0, nl);
    const tail = nl < 0 ? '' : segment.slice(nl);
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(line)![0];
    const at = line.lastIndexOf('@');
    const firstSpace = line.slice(scheme.length).search(/\s/);
    let url: string;
    let rest: string;
    if (at >= 0) {
      // The host part ends at white space after the last '@'.
      const hostEnd = line.slice(at).search(/\s/);
      url = hostEnd < 0 ? line : line.slice(0, at + hostEnd);
      rest = hostEnd < 0 ? '' : line.slice(at + hostEnd);
    } else {
      url = firstSpace < 0 ? line : line.slice(0, scheme.length + firstSpace);
      rest = line.slice(url.length);
    }
    out += maskOneUrl(url) + rest + tail;
  });
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** The secrets that a database location (and the environment) carries, in every spelling. */
export function secretsOf(locations: ReadonlyArray<string | undefined>, env: Readonly<Record<string, string | undefined>>): string[] {
  const found = new Set<string>();
  const add = (raw: string | undefined) => {
    if (raw === undefined || raw === '') return;
    const decoded = safeDecode(raw);
    for (const s of [raw, decoded, encodeURIComponent(decoded), encodeURIComponent(decoded).replace(/%20/g, '+'), whatwgPassword(decoded)]) {
      if (s === undefined || s.length < MIN_SCRUBBED_SECRET) continue;
      found.add(s);
      found.add(JSON.stringify(s).slice(1, -1));
    }
  };
  for (const location of locations) {
    if (!location) continue;
    for (const m of location.matchAll(URL_START)) {
      const rest = location.slice((m.index ?? 0) + m[0].length);
      const at = rest.lastIndexOf('@');
      if (at >= 0) {
        const info = rest.slice(0, at);
        const colon = info.indexOf(':');
        if (colon >= 0) add(info.slice(colon + 1));
      }
      for (const q of rest.matchAll(/[?&;]([^=&#;]*)=([^&#;]*)/g)) {
        if (SECRET_PARAM.test(q[1] ?? '')) add(q[2]);
      }
    }
    // A libpq keyword string ("host=h password=p"), refused as a location but never echoed either.
    for (const k of location.matchAll(/\b(\w*pass\w*)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/gi)) add(k[2]?.replace(/^'|'$/g, ''));
  }
  add(env.PGPASSWORD);
  // Longest first, so that a secret is never half-replaced by a shorter one inside it.
  return [...found].sort((a, b) => b.length - a.length);
}

/** How the WHATWG URL parser spells a password (what `new URL(...).toString()` prints). */
function whatwgPassword(password: string): string | undefined {
  try {
    const u = new URL('postgres://u@h');
    u.password = password;
    return u.password;
  } catch {
    return undefined;
  }
}

/** `text` with every known secret replaced by ***, and every URL's password masked. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}
