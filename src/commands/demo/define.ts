import { lazy, type CommandSpec } from '../define.js';

export const demo: CommandSpec = {
  name: 'demo',
  description: 'make a demo database (default ./sessionctl-demo.db) around a date, then open its dashboard',
  options: [['--date <date>', 'the demo day: YYYY-MM-DD, today, yesterday or tomorrow', { default: 'today' }]],
  run: lazy(() => import('./run.js'), 'run'),
};
