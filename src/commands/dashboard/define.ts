import { lazy, type CommandSpec } from '../define.js';

export const dashboard: CommandSpec = {
  name: 'dashboard',
  description: "one day's sessions by time; on a terminal, pick one to delete or cancel",
  options: [['--date <date>', 'the day: YYYY-MM-DD, today, yesterday or tomorrow (default today)']],
  help: '\nExamples:\n  sessionctl dashboard\n  sessionctl dashboard --date yesterday\n  sessionctl dashboard --date 2026-11-27 --json',
  run: lazy(() => import('./run.js'), 'run'),
};
