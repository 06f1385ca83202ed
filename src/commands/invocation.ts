// How the user started sessionctl, so that a line telling them to run it again works where they are:
// `npx sessionctl` after `npx`, `sessionctl` when that name on the PATH is this program, else the
// path of the launcher (from the current directory when it is under it).
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative } from 'node:path';

function real(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/** The command words that start this program again, e.g. `npx sessionctl` or `node bin/sessionctl.js`. */
export function invocation(env: NodeJS.ProcessEnv, script: string | undefined = process.argv[1], cwd = process.cwd()): string {
  // npx and `npm exec` set npm_command=exec for the program they run.
  if (env.npm_command === 'exec') return 'npx sessionctl';
  const self = script ? real(script) : null;
  if (self) {
    for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
      const candidate = join(dir, 'sessionctl');
      if (existsSync(candidate) && real(candidate) === self) return 'sessionctl';
    }
  }
  if (!script) return 'sessionctl';
  const rel = relative(cwd, script);
  const shown = !rel.startsWith('..') && !isAbsolute(rel) ? rel : script;
  return `node ${/\s/.test(shown) ? `'${shown.replace(/'/g, `'\\''`)}'` : shown}`;
}
