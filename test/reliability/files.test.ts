// Files that sessionctl creates: never through a planted link, never at a predictable temporary
// path, private (0600) even under a umask that takes the owner's write bit, nothing empty left
// behind, and the right words when a file cannot be written or a folder is missing.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../helpers/in-process.js';
import { BIN, cliEnv, finish } from '../helpers/procs.js';

vi.setConfig({ testTimeout: 120_000 });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sessionctl-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo', () => {
  it('never writes through links planted at the temporary paths it used to use', async () => {
    const target = join(dir, 't3.db');
    const victim = join(dir, 'victim.db');
    // An unrelated database of the same schema, readable by its group.
    expect((await runInProcess(['--db', victim, 'db', 'migrate'])).code).toBe(0);
    chmodSync(victim, 0o640);
    const before = readFileSync(victim);
    // The old build path was <output>.building-<pid>: plant one for this process and the next ones.
    for (let pid = process.pid; pid < process.pid + 20; pid += 1) symlinkSync(victim, `${target}.building-${pid}`);
    const r = await runInProcess(['--db', target, '--json', 'demo', '--date', '2026-11-27']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(victim).equals(before)).toBe(true);
    expect(statSync(victim).mode & 0o777).toBe(0o640);
    expect(existsSync(`${victim}-wal`)).toBe(false);
    expect(lstatSync(target).isSymbolicLink()).toBe(false);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    // Nothing of the build is left beside it but the planted links.
    const left = readdirSync(dir).filter((f) => f.startsWith('t3.db') || f.startsWith('.t3.db'));
    expect(left.filter((f) => !f.startsWith('t3.db.building-')).sort()).toEqual(['t3.db']);
  });

  it('refuses an output that is a link, and leaves the link and its target as they were', async () => {
    const empty = join(dir, 'empty-target');
    writeFileSync(empty, '');
    const link = join(dir, 'linked.db');
    symlinkSync(empty, link);
    const r = await runInProcess(['--db', link, 'demo', '--date', '2026-11-27']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/symbolic link/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(empty).length).toBe(0);
  });
});

describe('db migrate', () => {
  it('does not create a database through a dangling link', async () => {
    const link = join(dir, 'dangling.db');
    const pointed = join(dir, 'pointed-at.db');
    symlinkSync(pointed, link);
    const r = await runInProcess(['--db', link, 'db', 'migrate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/symbolic link to nothing/);
    expect(existsSync(pointed)).toBe(false);
  });

  it('a path in a folder that does not exist: says so (exit 1), never a raw ENOENT', async () => {
    const path = join(dir, 'no-such-folder', 'clinic.db');
    for (const args of [['db', 'migrate'], ['db', 'status'], ['dashboard'], ['--json', 'delete', '1', '--yes'], ['demo']]) {
      const r = await runInProcess(['--db', path, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/folder .*no-such-folder does not exist/);
      expect(r.stderr + r.stdout).not.toMatch(/ENOENT/);
    }
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });
});

// The umask and the user are properties of a process: the binary is run as another user (root
// writes any file whatever its mode) under umask 0277, which takes the owner's own write bit.
describe('as an ordinary user under umask 0277 (built binary)', () => {
  let home: string;
  beforeAll(() => {
    home = join(dir, 'nobody');
    chmodSync(dir, 0o711);
    mkdirSync(home);
    chownSync(home, 65534, 65534);
  });

  function asNobody(args: string[], mask = '0277') {
    const script = `umask ${mask} && exec "$0" "$@"`;
    return finish(
      spawn('/bin/sh', ['-c', script, process.execPath, BIN, ...args], {
        cwd: home,
        env: cliEnv(),
        uid: 65534,
        gid: 65534,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  }

  it('db migrate and the demo make usable 0600 files, and leave no empty file', async () => {
    const migrated = join(home, 'migrated.db');
    const m = await asNobody(['--db', migrated, 'db', 'migrate']);
    expect(m.code, m.stderr).toBe(0);
    expect(statSync(migrated).mode & 0o777).toBe(0o600);
    expect(statSync(migrated).size).toBeGreaterThan(0);
    const demo = join(home, 'demo.db');
    const d = await asNobody(['--db', demo, '--json', 'demo', '--date', '2026-11-27']);
    expect(d.code, d.stderr).toBe(0);
    expect(statSync(demo).mode & 0o777).toBe(0o600);
    const del = await asNobody(['--db', demo, '--json', '--yes', 'delete', '1460']);
    expect(del.code, del.stderr).toBe(0);
    expect(readdirSync(home).filter((f) => !f.endsWith('-wal') && !f.endsWith('-shm')).sort()).toEqual(['demo.db', 'migrated.db']);
  });

  it('a file that cannot be written: says so, and does not blame --read-only that was not given', async () => {
    const demo = join(home, 'locked.db');
    const d = await asNobody(['--db', demo, '--json', 'demo', '--date', '2026-11-27'], '077');
    expect(d.code, d.stderr).toBe(0);
    chmodSync(demo, 0o400);
    const r = await asNobody(['--db', demo, '--yes', 'delete', '1460'], '077');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot be written/);
    expect(r.stderr).not.toMatch(/--read-only/);
  });
});
