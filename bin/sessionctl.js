#!/usr/bin/env node
// Start-up is most of what a short command costs, so this file loads as little as it can: `--version`
// answers from package.json alone, and everything else runs from the bundle that `npm run build`
// makes (dist/sessionctl.cjs), with V8's compiled code for it from dist/sessionctl.cjs.cache.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { URL, fileURLToPath } from 'node:url';
import vm from 'node:vm';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
} else {
  // A reader that went away (`sessionctl audit | head`) is not an error of ours: stop quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  loadCli()
    .then(({ main }) => main(process.argv))
    .then((code) => {
      process.exitCode = code;
    });
}

/** The bundle when it is at least as new as the compiled sources, else those (after a bare `tsc`). */
async function loadCli() {
  const bundle = fileURLToPath(new URL('../dist/sessionctl.cjs', import.meta.url));
  const compiled = new URL('../dist/src/cli.js', import.meta.url);
  let fresh = false;
  try {
    fresh = statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs;
  } catch {
    // no bundle (or no compiled sources, which the import below reports)
  }
  if (!fresh) return import(compiled.href);

  let cachedData;
  try {
    cachedData = readFileSync(`${bundle}.cache`);
  } catch {
    // no cache: V8 compiles the bundle as usual
  }
  // A cache from another Node version or other V8 flags is rejected by V8, which then compiles.
  const script = new vm.Script(readFileSync(bundle, 'utf8'), {
    filename: bundle,
    cachedData,
    // The prompts library is ESM: the bundle's import() of it goes through this module's loader.
    importModuleDynamically: (specifier) => import(specifier),
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, fileURLToPath(new URL('../dist', import.meta.url)));
  return module.exports;
}
