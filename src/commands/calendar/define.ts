import { lazy, type CommandSpec } from '../define.js';

export const calendar: CommandSpec = {
  name: 'calendar',
  description: "a month grid with each day's count of sessions; on a terminal, pick a day to list it",
  options: [['--month <month>', 'the month as YYYY-MM (default this month)']],
  help: '\nExamples:\n  sessionctl calendar\n  sessionctl calendar --month 2026-11 --json',
  run: lazy(() => import('./run.js'), 'run'),
};
