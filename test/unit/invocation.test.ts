// The demo's "open it again" line is a command that works where the user is.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invocation } from '../../src/commands/invocation.js';
import { runInProcess } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'sessionctl-invocation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('invocation', () => {
  const repo = join(dir, 'repo');
  const script = join(repo, 'bin', 'sessionctl.js');
  mkdirSync(join(repo, 'bin'), { recursive: true });
  writeFileSync(script, '');
  const onPath = join(dir, 'global-bin');
  mkdirSync(onPath);
  symlinkSync(script, join(onPath, 'sessionctl'));
  const elsewhere = join(dir, 'other-bin');
  mkdirSync(elsewhere);
  writeFileSync(join(elsewhere, 'sessionctl'), ''); // another program by that name

  it('says npx sessionctl after npx (npm exec)', () => {
    expect(invocation({ npm_command: 'exec', PATH: onPath }, script, repo)).toBe('npx sessionctl');
  });

  it('says sessionctl when that name on the PATH is this program (npm link, npm install -g .)', () => {
    expect(invocation({ PATH: `${elsewhere}:${onPath}` }, script, '/')).toBe('sessionctl');
  });

  it('otherwise names the launcher: from here when it is under here, else by its full path', () => {
    expect(invocation({ PATH: elsewhere }, script, repo)).toBe('node bin/sessionctl.js');
    expect(invocation({ PATH: '' }, script, join(dir, 'somewhere-else'))).toBe(`node ${script}`);
    expect(invocation({ PATH: '' }, '/opt/my tools/sessionctl.js', '/')).toBe(`node 'opt/my tools/sessionctl.js'`);
  });

  it('is the line the demo prints', async () => {
    const db = join(dir, 'demo.db');
    const r = await runInProcess(['--db', db, 'demo', '--date', '2026-11-27'], { npm_command: 'exec' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Open it again with: npx sessionctl --db ${db} dashboard --date 2026-11-27`);
  });
});
