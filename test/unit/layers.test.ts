// DESIGN.md's layers as a test: every relative import in src/ points down the list (or stays in its
// layer), and no command's folder imports another command's folder (what commands share lives
// beside them in src/commands/*.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', '..', 'src');
/** Top to bottom: a file may import its own layer or those below it. migrations/ is below them all. */
const LAYERS = ['cli', 'commands', 'ui', 'actions', 'store', 'rules', 'domain', 'migrations'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** [layer, command folder or null] of a path under src/ (or the migrations beside it). */
function placeOf(file: string): [string, string | null] {
  const parts = relative(SRC, file).split(sep);
  if (parts[0] === '..') return [parts[1] ?? '', null];
  if (parts.length === 1) return ['cli', null];
  return [parts[0]!, parts[0] === 'commands' && parts.length > 2 ? parts[1]! : null];
}

/** The relative imports of a file (static and dynamic), as paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom|\bimport\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => normalize(join(dirname(file), m[1]!)));
}

function violations(files: readonly string[], read: (f: string) => string[] = importsOf): string[] {
  const found: string[] = [];
  for (const file of files) {
    const [layer, command] = placeOf(file);
    for (const target of read(file)) {
      const [to, toCommand] = placeOf(target);
      const name = `${relative(SRC, file)} -> ${relative(SRC, target)}`;
      if (!LAYERS.includes(to) || LAYERS.indexOf(to) < LAYERS.indexOf(layer)) found.push(`up the layers: ${name}`);
      if (command && toCommand && command !== toCommand) found.push(`another command's folder: ${name}`);
    }
  }
  return found;
}

describe('the layers of DESIGN.md', () => {
  it('no import in src/ runs up the layers, and no command imports another command', () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(100);
    expect(violations(files)).toEqual([]);
  });

  it('the check sees an import up the layers and one between commands', () => {
    const at = (p: string) => join(SRC, p);
    const planted = new Map([
      [at('store/sessions.ts'), [at('actions/sessions.js')]],
      [at('commands/cancel/run.ts'), [at('commands/delete/change.js'), at('commands/listing.js'), at('store/sessions.js')]],
      [at('rules/verdict.ts'), [at('domain/types.js')]],
    ]);
    expect(violations([...planted.keys()], (f) => planted.get(f)!)).toEqual([
      'up the layers: store/sessions.ts -> actions/sessions.js',
      "another command's folder: commands/cancel/run.ts -> commands/delete/change.js",
    ]);
  });
});
