// The search key of src/domain/search-key.ts as SQL: the triggers that keep patients.search_key
// current whoever writes a patient (the practice system too). Built from the same table, so the key
// stored by the database and the key of what a user types are one function.
//
// Shallow on purpose: SQLite's parser gives up on expressions nested about thirty deep ("parser stack
// overflow", and then every program that opens the file sees a malformed schema), so SQLite applies
// the table in a chain of UPDATEs of at most CHUNK nested replace() each, each one only when the key
// holds one of its characters. PostgreSQL uses translate(), one call for the whole table.
import type { Engine } from '../domain/types.js';
import { KEY_SEPARATOR, SEARCH_KEY_MAP } from '../domain/search-key.js';

/** The deepest replace() nesting in one SQLite statement. */
export const CHUNK = 8;

// knex turns every `?` into a parameter on PostgreSQL, so a literal `?` is written as its code.
function literal(engine: Engine, text: string): string {
  const chr = engine === 'pg' ? 'chr(63)' : 'char(63)';
  const parts = text.split('?').map((p) => `'${p.replace(/'/g, "''")}'`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(` || ${chr} || `)})`;
}

const ENTRIES = [...SEARCH_KEY_MAP.entries()];
const isUpperAscii = (c: string) => c >= 'A' && c <= 'Z';
const isAscii = (c: string) => c.charCodeAt(0) < 128;

function nestedReplace(engine: Engine, expr: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.reduce((acc, [from, to]) => `replace(${acc}, ${literal(engine, from)}, ${literal(engine, to)})`, expr);
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** PostgreSQL: the key of a text expression; the few one-to-many characters by replace(), the rest by translate(). */
function pgKey(expr: string): string {
  const many = ENTRIES.filter(([, to]) => to.length > 1);
  const single = ENTRIES.filter(([, to]) => to.length === 1);
  const dropped = ENTRIES.filter(([, to]) => to === '');
  // translate() drops the characters of `from` that have no counterpart in `to`.
  const from = [...single, ...dropped].map(([c]) => c).join('');
  const to = single.map(([, t]) => t).join('');
  return `translate(${nestedReplace('pg', expr, many)}, ${literal('pg', from)}, ${literal('pg', to)})`;
}

/** SQLite: the trigger body's statements; `withOther` adds the steps for non-ASCII characters. */
function sqliteSteps(withOther: boolean): string[] {
  const at = `WHERE id = NEW.id`;
  const mark = 'char(1)'; // parts' boundary while the key is built: not in the table, so kept
  // ASCII letters by lower(), which SQLite applies to ASCII only (without ICU); an ICU build would
  // also lower characters the table does not name, the one place the two could differ.
  const raw = `lower(NEW.first_name) || ${mark} || lower(NEW.last_name) || ${mark} || lower(coalesce(NEW.chart_number, ''))`;
  const rest = ENTRIES.filter(([c]) => !isUpperAscii(c));
  const ascii = chunks(rest.filter(([c]) => isAscii(c)), CHUNK);
  const other = withOther ? chunks(rest.filter(([c]) => !isAscii(c)), CHUNK) : [];
  const part = (n: 1 | 2 | 3) => {
    const tail = `substr(search_key, instr(search_key, ${mark}) + 1)`;
    if (n === 1) return `substr(search_key, 1, instr(search_key, ${mark}) - 1)`;
    if (n === 2) return `substr(${tail}, 1, instr(${tail}, ${mark}) - 1)`;
    return `substr(${tail}, instr(${tail}, ${mark}) + 1)`;
  };
  const sep = `'${KEY_SEPARATOR}'`;
  // Each step rewrites the row (and its index entry) only when the key holds one of its characters.
  const step = (c: ReadonlyArray<readonly [string, string]>) =>
    `UPDATE patients SET search_key = ${nestedReplace('sqlite', 'search_key', c)} ${at} AND (${c.map(([ch]) => `instr(search_key, ${literal('sqlite', ch)})`).join(' OR ')})`;
  return [
    `UPDATE patients SET search_key = ${raw} ${at}`,
    ...ascii.map(step),
    ...other.map(step),
    `UPDATE patients SET search_key = ${part(1)} || ${part(2)} || ${sep} || ${part(2)} || ${part(1)} || ${sep} || ${part(3)} ${at}`,
  ];
}

const SQLITE_TRIGGERS = ['patients_search_key_insert', 'patients_search_key_insert_other', 'patients_search_key_update', 'patients_search_key_update_other'];

/** The statements that create the triggers (and, on PostgreSQL, their function). */
export function patientKeyTriggers(engine: Engine): string[] {
  if (engine === 'pg') {
    const key = (col: string) => pgKey(col);
    return [
      `CREATE FUNCTION patients_search_key() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE f text := ${key('NEW.first_name')}; l text := ${key('NEW.last_name')};
      BEGIN
        NEW.search_key := f || l || '${KEY_SEPARATOR}' || l || f || '${KEY_SEPARATOR}' || ${key(`coalesce(NEW.chart_number, '')`)};
        RETURN NEW;
      END $fn$`,
      `CREATE TRIGGER patients_search_key BEFORE INSERT OR UPDATE ON patients FOR EACH ROW EXECUTE FUNCTION patients_search_key()`,
    ];
  }
  // Two triggers for each event, for names of printable ASCII only (most: a few steps) and for the
  // others (every step); their WHENs exclude each other, so their order does not matter.
  const other = `(NEW.first_name || NEW.last_name || coalesce(NEW.chart_number, '')) GLOB '*[^ -~]*'`;
  const body = (withOther: boolean) => sqliteSteps(withOther).map((x) => `  ${x};`).join('\n');
  // The update triggers fire on the names, not on search_key, so their own UPDATEs never fire them again.
  const [insert, insertOther, update, updateOther] = SQLITE_TRIGGERS;
  const names = 'first_name, last_name, chart_number';
  return [
    `CREATE TRIGGER ${insert} AFTER INSERT ON patients WHEN NOT ${other} BEGIN\n${body(false)}\nEND`,
    `CREATE TRIGGER ${insertOther} AFTER INSERT ON patients WHEN ${other} BEGIN\n${body(true)}\nEND`,
    `CREATE TRIGGER ${update} AFTER UPDATE OF ${names} ON patients WHEN NOT ${other} BEGIN\n${body(false)}\nEND`,
    `CREATE TRIGGER ${updateOther} AFTER UPDATE OF ${names} ON patients WHEN ${other} BEGIN\n${body(true)}\nEND`,
  ];
}

export function dropPatientKeyTriggers(engine: Engine): string[] {
  return engine === 'pg'
    ? ['DROP TRIGGER patients_search_key ON patients', 'DROP FUNCTION patients_search_key()']
    : SQLITE_TRIGGERS.map((t) => `DROP TRIGGER ${t}`);
}
