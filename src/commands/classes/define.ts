import { lazy, type CommandSpec } from '../define.js';

const load = () => import('./run.js');

export const classes: CommandSpec = {
  name: 'classes',
  description: 'session classes: list, add, deactivate, reactivate (classes are never deleted)',
  subcommands: [
    {
      name: 'list',
      isDefault: true,
      description: 'every class, whether it is a cancellation class, active, and how many sessions use it',
      run: lazy(load, 'listRun'),
    },
    {
      name: 'add',
      description: 'add an active session class',
      arguments: [['<name>', 'the class name (quote it when it has spaces)']],
      options: [['--cancellation', 'a cancellation class: sessions can be cancelled with it']],
      help: '\nExamples:\n  sessionctl classes add "Cancelled" --cancellation\n  sessionctl classes add "Re-evaluation"',
      run: lazy(load, 'addRun'),
    },
    {
      name: 'deactivate',
      description: 'stop offering a class; sessions that carry it keep it',
      arguments: [['<name>', 'the class name, without regard to case']],
      run: lazy(load, 'deactivateRun'),
    },
    {
      name: 'reactivate',
      description: 'offer an inactive class again',
      arguments: [['<name>', 'the class name, without regard to case']],
      run: lazy(load, 'reactivateRun'),
    },
  ],
};
