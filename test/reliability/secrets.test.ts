// Passwords never print: every way a database location can carry one × every kind of output
// (messages, --json, --debug stack traces, db status, db migrate, a usage error), in process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL, testDatabase, type TestDb } from '../helpers/engines.js';
import { runInProcess } from '../helpers/in-process.js';
import { closeKept, keepConnectionsOf } from '../helpers/kept-connections.js';

// Each secret starts with Qz7 and ends with Wv3: markers that survive every spelling (raw,
// percent-encoded, JSON-escaped), so finding either anywhere means some of the password printed.
const MARKS = ['Qz7', 'Wv3'];

interface Form {
  name: string;
  db: (schema: string) => string;
  env?: Record<string, string>;
}

function base(schema: string, userinfo: string, query = ''): string {
  const u = new URL(PG_URL);
  return `postgres://${userinfo}@${u.host}${u.pathname}?schema=${schema}${query}`;
}

const FORMS: Form[] = [
  { name: 'a plain password', db: (s) => base(s, 'postgres:Qz7plainWv3') },
  { name: 'a password holding @', db: (s) => base(s, 'postgres:Qz7p@ss@wordWv3') },
  { name: 'a password holding spaces', db: (s) => base(s, 'postgres:Qz7 pass word Wv3') },
  { name: 'a password holding :, /-free punctuation and %-escapes', db: (s) => base(s, 'postgres:Qz7%24%40:x!*Wv3') },
  { name: 'a user name with a space (login refused)', db: (s) => base(s, 'no such user:Qz7userWv3') },
  { name: 'a user name and password with spaces and @', db: (s) => base(s, 'no such user:Qz7 a@b cWv3') },
  { name: '?password= in the query string', db: (s) => base(s, 'postgres', '&password=Qz7queryWv3') },
  { name: '?password= first, percent-encoded', db: (s) => `${base(s, 'postgres').replace('?', '?password=Qz7%20enc%40Wv3&')}` },
  { name: '?sslpassword=', db: (s) => base(s, 'postgres', '&sslpassword=Qz7sslWv3') },
  { name: 'PGPASSWORD', db: (s) => base(s, 'postgres'), env: { PGPASSWORD: 'Qz7envWv3' } },
  { name: 'an unreachable server, password with @ and space', db: () => 'postgres://clinic:Qz7 p@ss Wv3@127.0.0.1:1/practice' },
  { name: 'a database that does not exist', db: () => `postgres://postgres:Qz7nodbWv3@${new URL(PG_URL).host}/sessionctl_no_such_db` },
  { name: 'an unsupported scheme', db: () => 'mysql://root:Qz7mysql@Wv3@db.example/clinic' },
  { name: 'a libpq keyword string', db: () => "host=127.0.0.1 dbname=test password='Qz7 kw Wv3'" },
];

const COMMANDS: string[][] = [
  ['db', 'status'],
  ['--json', 'db', 'status'],
  ['--debug', 'db', 'status'],
  ['db', 'migrate'],
  ['--json', 'db', 'migrate'],
  ['--debug', 'dashboard'],
  ['--json', 'dashboard'],
  ['--debug', '--json', 'explain', '999999'],
  ['--debug', 'delete', '999999', '--yes'],
  ['--json', 'delete', '999999', '--yes'],
  ['--debug', 'search', '--patient', 'x', '--bogus-option'],
];

describe('passwords in every form of --db, in every kind of output', () => {
  let t: TestDb;
  let schema: string;
  beforeAll(async () => {
    t = await testDatabase('pg');
    schema = new URL(t.location).searchParams.get('schema')!;
  });
  afterAll(async () => t.dispose());

  describe.each(FORMS)('$name', (form) => {
    // The form's runs share their connections, as the harness's runs on a test's own location do:
    // the first run connects with the form's password, and a form whose login fails fails at every
    // run. What a run prints is the subject, and a connection that succeeds prints nothing.
    beforeAll(() => keepConnectionsOf(form.db(schema)));
    afterAll(async () => closeKept(form.db(schema)));
    it.each(COMMANDS.map((c) => [c.join(' '), c]))('%s: no part of the password is printed', async (_name, args) => {
      for (const via of ['flag', 'env'] as const) {
        const db = form.db(schema);
        const r =
          via === 'flag'
            ? await runInProcess(['--db', db, ...(args as string[])], form.env)
            : await runInProcess(args as string[], { ...form.env, SESSIONCTL_DB: db });
        const all = r.stdout + r.stderr + r.stray;
        for (const mark of MARKS) expect(all, `${via}: ${all}`).not.toContain(mark);
        // Something was said: the run did not just go quiet.
        expect(all.length, via).toBeGreaterThan(0);
      }
    });
  });

  it('db status still names the database, its password shown as ***', async () => {
    const r = await runInProcess(['--db', base(schema, 'postgres:Qz7 p@ss Wv3'), '--json', 'db', 'status']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { database: string };
    expect(doc.database).toBe(`postgres://postgres:***@${new URL(PG_URL).host}/test?schema=${schema}`);
    const q = await runInProcess(['--db', base(schema, 'postgres', '&password=Qz7qWv3'), 'db', 'status']);
    expect(q.code).toBe(0);
    expect(q.stdout).toContain('password=***');
  });
});
