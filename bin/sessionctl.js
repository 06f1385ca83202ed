#!/usr/bin/env node
// Start-up is most of what a short command costs, so this file loads as little as it can. It is
// CommonJS (bin/package.json), which spares Node its ES module loader; `--version` answers from
// package.json alone; everything else runs from the bundle that `npm run build` makes
// (dist/sessionctl.cjs) with V8's compiled code for it (dist/sessionctl.cjs.cache).
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

// A reader that went away (`sessionctl audit | head`) is not an error of ours: stop quietly.
function quietOnEpipe(stream) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  quietOnEpipe(process.stdout);
  process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else {
  quietOnEpipe(process.stdout);
  quietOnEpipe(process.stderr);
  loadCli()
    .then(({ main }) => {
      // The duplicates scan makes many short-lived objects a page at a time; a larger young generation
      // spares most of the collections they cost. Through a clean-up's deletes V8 let the old space
      // grow ahead of its next full collection by a factor of its own choosing (25 to 48 MB after one
      // collection at 14 MB live): a fixed 20 % growth keeps the 1M clean-up's peak at 144-146 MiB
      // instead of 168-169 in the same time, and leaves the scan as it was. Set after the bundle is
      // compiled (its code cache is only accepted under the flags it was made with), and for the whole
      // process: the launcher's call.
      if (args.includes('duplicates')) require('node:v8').setFlagsFromString('--max-semi-space-size=32 --heap-growing-percent=20');
      return main(process.argv);
    })
    .then((code) => {
      process.exitCode = code;
    });
}

/** The bundle when it is at least as new as the compiled sources, else those (after a bare `tsc`). */
async function loadCli() {
  const dist = join(__dirname, '..', 'dist');
  const bundle = join(dist, 'sessionctl.cjs');
  const compiled = join(dist, 'src', 'cli.js');
  let built;
  try {
    built = statSync(bundle);
    if (built.mtimeMs < statSync(compiled).mtimeMs) built = undefined;
  } catch {
    // no bundle (or no compiled sources, which the import below reports)
  }
  if (!built) return import(require('node:url').pathToFileURL(compiled).href);

  const vm = require('node:vm');
  let cachedData;
  try {
    // Only the cache made from this very bundle (its first line says which): see scripts/build.mjs.
    const cache = readFileSync(`${bundle}.cache`);
    const eol = cache.indexOf(10);
    if (cache.toString('latin1', 0, eol) === `${built.size}:${built.mtimeMs}`) cachedData = cache.subarray(eol + 1);
  } catch {
    // no cache: V8 compiles the bundle as usual
  }
  // A cache from another Node version or other V8 flags is rejected by V8, which then compiles.
  // The build makes the bundle pure ASCII: latin1 reads it without decoding UTF-8.
  const script = new vm.Script(readFileSync(bundle, 'latin1'), { filename: bundle, cachedData });
  const module = { exports: {} };
  // The bundle's import() calls (the ESM prompts library) come here: see scripts/build.mjs.
  const importModule = (specifier) => import(specifier);
  script.runInThisContext()(module.exports, require('node:module').createRequire(bundle), module, bundle, dist, importModule);
  return module.exports;
}
