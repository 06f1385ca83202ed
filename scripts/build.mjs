// The shipped CLI: one CommonJS bundle of src/cli.ts plus a V8 code cache for it, both in dist/.
// `tsc -p tsconfig.build.json` runs first (npm run build) and still emits dist/src/ for the tests
// that import compiled modules. Why a bundle: Node 20 spends most of a start-up resolving and
// compiling ~400 separate modules (ours, commander, knex and lodash); one file whose compiled code
// comes from the cache starts in a fraction of that.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { URL, fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
// Read by bin/sessionctl.js, which compiles the file as it is: one function expression taking the
// CommonJS module arguments, so no wrapping is needed that build and run could disagree about.
const BUNDLE = `${root}dist/sessionctl.cjs`;
const CACHE = `${root}dist/sessionctl.cjs.cache`;
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
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
  logLevel: 'warning',
  define: { SESSIONCTL_VERSION: JSON.stringify(version) },
  plugins: [stubDialects],
  external: [
    // Native or loaded only when its engine is opened: resolved from node_modules at run time.
    'sqlite3',
    'pg',
    'pg-query-stream',
    // ESM only; loaded with import() when a prompt is shown.
    '@inquirer/prompts',
  ],
});

// The cache holds the code V8 compiled while the bundle ran once: its top level and what building
// the program (`--help`) needs. bin/sessionctl.js hands it back to V8, which uses it when the Node
// version and flags match and otherwise compiles as usual.
const source = readFileSync(BUNDLE, 'utf8');
const script = new vm.Script(source, { filename: BUNDLE });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, `${root}dist`);
const sink = new (await import('node:stream')).Writable({ write: (_c, _e, done) => done() });
await module.exports.main(['node', 'sessionctl', '--help'], { stdin: process.stdin, stdout: sink, stderr: sink }, {});
writeFileSync(CACHE, script.createCachedData());
