import { lazy, type CommandSpec } from '../define.js';

export const DEFAULT_LIMIT = 50;

export const search: CommandSpec = {
  name: 'search',
  description: 'sessions matching filters, oldest first; on a terminal, pick one to delete or cancel',
  options: [
    ['--patient <text>', 'patient name ("First Last" or "Last, First") or chart number, partial, any case'],
    ['--provider <text>', 'provider name, partial, any case, or provider id'],
    ['--location <text>', 'location name, partial, any case, or location id'],
    ['--from <date>', 'on or after: YYYY-MM-DD, today, yesterday or tomorrow'],
    ['--to <date>', 'on or before: YYYY-MM-DD, today, yesterday or tomorrow'],
    ['--status <list>', 'scheduled, confirmed and/or cancelled, separated by commas'],
    ['--class <name>', 'session class name, exact, any case'],
    ['--limit <n>', `at most this many sessions (default ${DEFAULT_LIMIT}); a notice says when there were more`],
  ],
  help:
    '\nExamples:\n  sessionctl search --patient "garcia"\n  sessionctl search --patient PT-10012 --from 2026-11-01\n' +
    '  sessionctl search --provider rivera --status cancelled --class "No Show" --json',
  run: lazy(() => import('./run.js'), 'run'),
};
