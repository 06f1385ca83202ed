// The shipped CLI: one CommonJS bundle of src/cli.ts plus a V8 code cache for it, both in dist/.
// `tsc -b tsconfig.build.json` runs first (npm run build) and still emits dist/src/ for the tests
// that import compiled modules. Why a bundle: Node 20 spends most of a start-up resolving and
// compiling ~400 separate modules (ours, commander, knex and lodash); one file whose compiled code
// comes from the cache starts in a fraction of that.
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { URL, fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
// Read by bin/sessionctl.js, which compiles the file as it is: one function expression taking the
// CommonJS module arguments plus `importModule`, so no wrapping is needed that build and run could
// disagree about.
const BUNDLE = `${root}dist/sessionctl.cjs`;
const CACHE = `${root}dist/sessionctl.cjs.cache`;
const WARM_DATE = '2026-11-20';
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// knex requires its dialects lazily by client name; we open only sqlite3 and pg, so the others
// (and the drivers they would require) are left out of the bundle.
const UNUSED_DIALECTS = /[\\/]knex[\\/]lib[\\/]dialects[\\/](better-sqlite3|cockroachdb|mssql|mysql2?|mariadb|oracle|oracledb|pgnative|redshift)[\\/]index\.js$/;
const stubDialects = {
  name: 'stub-unused-knex-dialects',
  setup(b) {
    b.onLoad({ filter: UNUSED_DIALECTS }, () => ({
      contents: "throw new Error('This database engine is not part of sessionctl.');",
      loader: 'js',
    }));
  },
};

// Built-in modules that a dependency requires at its top but calls only on paths we never or rarely
// take (commander spawns executable subcommands with child_process; knex checks query-builder misuse
// with assert): a stand-in loads the real module on first use, which saves compiling them at start.
const LAZY_BUILTINS = { 'node:child_process': /[\\/]commander[\\/]/, assert: /[\\/]knex[\\/]/ };
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${Object.keys(LAZY_BUILTINS).join('|')})$`) }, (args) =>
      LAZY_BUILTINS[args.path].test(args.importer) ? { path: args.path, namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let real;
const load = () => (real ??= require(${JSON.stringify(args.path)}));
module.exports = new Proxy(() => {}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  apply: (_, self, args) => Reflect.apply(load(), self, args),
});`,
      loader: 'js',
    }));
  },
};

// node-sqlite3 finds its addon through `bindings`, which works out the package's folder from a stack
// trace and then tries a dozen paths, each a failed require: require('sqlite3') took 5.8 ms against
// 1.6 ms for loading the addon alone. Its JavaScript is bundled (so cached) instead, and the addon
// is loaded from where prebuild-install and node-gyp both put it; `bindings` looks for it elsewhere
// only when it is not there.
const sqliteAddon = {
  name: 'sqlite3-addon-direct',
  setup(b) {
    b.onResolve({ filter: /^\.\/sqlite3-binding\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]sqlite3[\\/]lib$/.test(args.resolveDir) ? { path: 'sqlite3-binding', namespace: 'sqlite3-addon' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'sqlite3-addon' }, () => ({
      contents: `const { dirname, join } = require('node:path');
const root = dirname(require.resolve('sqlite3/package.json'));
try {
  module.exports = require(join(root, 'build', 'Release', 'node_sqlite3.node'));
} catch (err) {
  if (err.code !== 'MODULE_NOT_FOUND') throw err;
  module.exports = require('bindings')({ bindings: 'node_sqlite3.node', module_root: root });
}`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'none',
  banner: { js: '(function (exports, require, module, __filename, __dirname, importModule) {' },
  footer: { js: '})' },
  logLevel: 'warning',
  define: { SESSIONCTL_VERSION: JSON.stringify(version) },
  plugins: [stubDialects, lazyBuiltins, sqliteAddon],
  external: [
    // Loaded only when its engine is opened: resolved from node_modules at run time.
    'pg',
    // Where the sqlite3 package is, to load its addon from (see sqliteAddon).
    'sqlite3/package.json',
    'pg-query-stream',
    // ESM only; loaded with import() when a prompt is shown.
    '@inquirer/prompts',
  ],
});

// V8 checks a cache against the length of the source only: a cache left from an earlier build must
// never meet this one, so it goes first (the demo below runs the new bundle).
rmSync(CACHE, { force: true });

// Node 20 runs an import() inside a vm.Script only with --experimental-vm-modules, and not at all
// from a code cache. The bundle's few import() calls (the ESM prompts library; knex's loader of
// migration files, which our static migration list never reaches) go to the bin's own import().
const IMPORT_CALL = /(?<![\w$.])import\(/g;
const bundled = readFileSync(BUNDLE, 'utf8');
if (!bundled.includes('import("@inquirer/prompts")')) throw new Error('the bundle no longer imports @inquirer/prompts');
// Pure ASCII, so that bin/sessionctl.js can read it as latin1 (1.6 ms against 3.7-4.1 ms decoding
// it as UTF-8). esbuild already escapes strings, regular expressions and identifiers; what is left
// is in the comments it keeps, where an escape is as good.
const ascii = bundled
  .replace(IMPORT_CALL, 'importModule(')
  .replace(/[^\t\n\r\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync(BUNDLE, ascii);

// The cache holds the code V8 compiled while the bundle ran once here, as a user's commands do:
// building the program, then the day's dashboard on a demo database (made by a separate process,
// so that the demo's own code stays out of the cache). bin/sessionctl.js hands the cache back to
// V8, which uses it when the Node version and flags match and otherwise compiles as usual.
const work = mkdtempSync(join(tmpdir(), 'sessionctl-build-'));
try {
  const db = join(work, 'demo.db');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SESSIONCTL_')));
  const demo = spawnSync(process.execPath, [`${root}bin/sessionctl.js`, '--db', db, '--json', 'demo', '--date', WARM_DATE], {
    env: { ...env, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (demo.status !== 0) throw new Error(`the bundle failed to make a demo database: ${demo.stderr}`);

  const source = readFileSync(BUNDLE, 'latin1');
  const script = new vm.Script(source, { filename: BUNDLE });
  const module = { exports: {} };
  const importModule = (specifier) => import(specifier);
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, `${root}dist`, importModule);
  const sink = new Writable({ write: (_c, _e, done) => done() });
  const streams = { stdin: process.stdin, stdout: sink, stderr: sink };
  for (const argv of [['--help'], ['--db', db, '--json', 'dashboard', '--date', WARM_DATE]]) {
    const code = await module.exports.main(['node', 'sessionctl', ...argv], streams, { NO_COLOR: '1' });
    if (code !== 0) throw new Error(`the bundle failed: sessionctl ${argv.join(' ')} exited ${code}`);
  }
  // The first line names the bundle it was made from (size and modification time, as bin/sessionctl.js
  // reads them): a bundle rebuilt since, even to the same length, is then compiled without it.
  const { size, mtimeMs } = statSync(BUNDLE);
  writeFileSync(CACHE, Buffer.concat([Buffer.from(`${size}:${mtimeMs}\n`), script.createCachedData()]));
} finally {
  rmSync(work, { recursive: true, force: true });
}
