import { lazy, type CommandSpec } from '../define.js';

const load = () => import('./run.js');

export const addenda: CommandSpec = {
  name: 'addenda',
  description: 'addenda owed in WebPT for sessions deleted in webpt mode: list them, mark them completed',
  options: [
    ['--pending', 'only the addenda not yet completed'],
    ['--limit <n>', 'show at most this many (default 200)'],
  ],
  help: '\nExamples:\n  sessionctl addenda --pending\n  sessionctl addenda complete 3 4',
  run: lazy(load, 'listRun'),
  subcommands: [
    {
      name: 'complete',
      description: 'record that these addenda were completed in WebPT, by whom (--actor) and when',
      arguments: [['<addendum-id...>', 'the addenda written in WebPT']],
      run: lazy(load, 'completeRun'),
    },
  ],
};
