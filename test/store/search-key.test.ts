// Names as people write them: the key the database stores (triggers, whoever writes the patient)
// is the key of what a user types, on both engines, and search --patient and the picker use it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { ENGINES, testDatabase, type TestDb } from '../helpers/engines.js';
import { listSessions } from '../../src/store/sessions.js';
import { patientSearchKey, SEARCH_KEY_MAP, searchKey } from '../../src/domain/search-key.js';
import { filterChoices } from '../../src/ui/pick.js';
import { CHUNK, patientKeyTriggers } from '../../src/store/search-key.js';

const SQLITE_SHELL = spawnSync('sqlite3', ['-version']).status === 0;

/** The deepest nesting of parentheses in a statement. */
function depth(sql: string): number {
  let d = 0;
  let max = 0;
  for (const c of sql.replace(/'(?:[^']|'')*'/g, "''")) {
    if (c === '(') max = Math.max(max, ++d);
    if (c === ')') d -= 1;
  }
  return max;
}

describe('searchKey', () => {
  it('drops case, accents and punctuation', () => {
    expect(searchKey('Chloé')).toBe('chloe');
    expect(searchKey("O'Brien")).toBe('obrien');
    expect(searchKey('O’Brien')).toBe('obrien');
    expect(searchKey('o brien')).toBe('obrien');
    expect(searchKey('Smith-Jones')).toBe('smithjones');
    expect(searchKey('MÜLLER')).toBe('muller');
    expect(searchKey('Straße')).toBe('strasse');
    expect(searchKey('Chloe\u0301')).toBe('chloe'); // decomposed é
    expect(searchKey('PT-10013')).toBe('pt10013');
    expect(searchKey('Łukasz Żółć')).toBe('lukaszzolc');
    expect(searchKey('%_\\$1 = "x";')).toBe('%_\\$1="x";'); // other symbols are kept: they find no one
  });

  it('lets the picker filter by the same key', () => {
    const choices = ["Miles O'Brien (PT-3)", 'Chloé Martin (PT-1)', 'Ada Lovelace (PT-2)'].map((name, i) => ({ value: i + 1, name }));
    const names = (term: string) => filterChoices(choices, term, (v) => v).map((c) => c.value);
    expect(names('chloe')).toEqual([2]);
    expect(names('CHLOÉ mar')).toEqual([2]);
    expect(names('obrien')).toEqual([1]);
    expect(names('o brien')).toEqual([1]);
    expect(names("o'brien")).toEqual([1]);
    expect(names('pt1')).toEqual([2]);
    expect(names('pt 2')).toEqual([3]);
    expect(names('smith')).toEqual([]);
    expect(names('3')).toEqual([1]);
  });
});

describe('the SQLite triggers', () => {
  it('nest no statement deeper than any SQLite parser takes (about 30)', () => {
    const triggers = patientKeyTriggers('sqlite');
    expect(Math.max(...triggers.map((x) => x.split('\n').length))).toBeGreaterThan(30);
    for (const statement of triggers.flatMap((x) => x.split('\n'))) expect(depth(statement)).toBeLessThanOrEqual(CHUNK + 4);
  });
});

describe.each(ENGINES)('patient search key on %s', (engine) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDatabase(engine);
  });
  afterEach(async () => t.dispose());

  const storedKeys = async () =>
    (await t.db.knex('patients').select('id', 'search_key').orderBy('id')).map((r: { search_key: string }) => r.search_key);

  it('finds patients whatever the case, accents, apostrophes, hyphens and spaces, by name or chart number', async () => {
    const k = t.db.knex;
    await k('providers').insert({ id: 1, name: 'Dr. Tan', active: true });
    const people: Array<[string, string, string | null]> = [
      ['Chloé', 'Martin', 'PT-10013'],
      ['Miles', "O'Brien", null],
      ['Ana', 'Smith-Jones', 'C 77'],
      ['Zoë', 'Núñez', null],
      ['Chloe', 'Dubois', 'pt-20001'],
    ];
    for (const [i, [first_name, last_name, chart_number]] of people.entries()) {
      await k('patients').insert({ id: i + 1, first_name, last_name, chart_number });
      await k('sessions').insert({
        id: i + 1, patient_id: i + 1, provider_id: 1, scheduled_date: '2026-11-27', start_time: `0${i + 1}:00`,
        duration_minutes: 45, status: 'scheduled', created_at: '2026-11-01T00:00:00Z',
      });
    }
    const found = async (patient: string) => (await listSessions(t.db, { patient })).map((s) => s.id);
    expect(await found('chloe')).toEqual([1, 5]);
    expect(await found('CHLOÉ')).toEqual([1, 5]);
    expect(await found('chloe martin')).toEqual([1]);
    expect(await found('Martin, Chloé')).toEqual([1]);
    expect(await found('obrien')).toEqual([2]);
    expect(await found('o brien')).toEqual([2]);
    expect(await found('O’Brien')).toEqual([2]);
    expect(await found('miles o')).toEqual([2]);
    expect(await found('smith jones')).toEqual([3]);
    expect(await found('smithjones')).toEqual([3]);
    expect(await found('zoe nunez')).toEqual([4]);
    expect(await found('pt10013')).toEqual([1]);
    expect(await found('PT 10013')).toEqual([1]);
    expect(await found('c77')).toEqual([3]);
    expect(await found('pt-2')).toEqual([5]);
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
    // A key never spans two of its parts (first+last | last+first | chart).
    expect(await found('martinpt')).toEqual([]);

    // Renamed by another program: the trigger keeps the key current.
    await k.raw(`UPDATE patients SET last_name = 'Ó Súilleabháin' WHERE id = 2`);
    expect(await found('obrien')).toEqual([]);
    expect(await found('o suilleabhain')).toEqual([2]);
    await k.raw(`UPDATE patients SET chart_number = 'X-9' WHERE id = 1`);
    expect(await found('pt10013')).toEqual([]);
    expect(await found('x9')).toEqual([1]);
    expect((await storedKeys())[0]).toBe(patientSearchKey('Chloé', 'Martin', 'X-9'));
  });

  // A SQLite file is what the sqlite3 shell reads: skipped on PostgreSQL (nothing for it to read) and where no sqlite3 shell is installed.
  it.runIf(engine === 'sqlite' && SQLITE_SHELL)('leaves a schema that the sqlite3 shell reads, and keys it computes alike', async () => {
    await t.db.knex('patients').insert({ id: 1, first_name: 'Chloé', last_name: "O'Brien", chart_number: 'PT-1' });
    await t.db.close();
    const shell = spawnSync('sqlite3', [t.location, "INSERT INTO patients (id, first_name, last_name) VALUES (2, 'Zoë', 'Smith-Jones'); SELECT search_key FROM patients ORDER BY id;"], { encoding: 'utf8' });
    expect(shell.stderr).toBe('');
    expect(shell.stdout.trim().split('\n')).toEqual([patientSearchKey('Chloé', "O'Brien", 'PT-1'), patientSearchKey('Zoë', 'Smith-Jones', null)]);
  });

  it('stores the same key as the picker computes, for any text', async () => {
    const k = t.db.knex;
    const alphabet = [...SEARCH_KEY_MAP.keys(), 'a', 'z', '0', '9', 'é', 'Ж', 'ж', '字', '😀', '\u0301'];
    const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((cs) => cs.join(''));
    const person = fc.tuple(text, text, fc.option(text, { nil: null }));
    let next = 1;
    await fc.assert(
      fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 20 }), async (batch) => {
        const first = next;
        const rows = batch.map(([first_name, last_name, chart], i) => ({
          id: first + i, first_name, last_name, chart_number: chart === null ? null : `${chart}#${first + i}`,
        }));
        next += rows.length;
        await k('patients').insert(rows);
        const stored = await k('patients').select('id', 'search_key').where('id', '>=', first).orderBy('id');
        expect(stored.map((r: { search_key: string }) => r.search_key)).toEqual(
          rows.map((r) => patientSearchKey(r.first_name, r.last_name, r.chart_number)),
        );
      }),
      { numRuns: 25 },
    );
  });
});
