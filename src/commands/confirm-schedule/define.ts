import { lazy, type CommandSpec } from '../define.js';

export const confirmSchedule: CommandSpec = {
  name: 'confirm-schedule',
  description: 'the billing list: sessions still "scheduled" up to a day (default today), oldest first',
  options: [
    ['--from <date>', 'on or after: YYYY-MM-DD, today, yesterday or tomorrow'],
    ['--to <date>', 'on or before (default today): YYYY-MM-DD, today, yesterday or tomorrow'],
    ['--provider <text>', 'provider name, partial, any case, or provider id'],
  ],
  help: '\nExamples:\n  sessionctl confirm-schedule\n  sessionctl confirm-schedule --from 2026-11-01 --provider rivera',
  run: lazy(() => import('./run.js'), 'run'),
};
