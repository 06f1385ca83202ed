import { lazy, type CommandSpec } from '../define.js';

const load = () => import('./run.js');

export const settings: CommandSpec = {
  name: 'settings',
  description: 'practice settings: get, set integration_mode or time_zone',
  subcommands: [
    {
      name: 'get',
      isDefault: true,
      description: 'show the settings (works with --read-only)',
      arguments: [['[key...]', 'one setting (default: all)']],
      run: lazy(load, 'getRun'),
    },
    {
      name: 'set',
      description:
        "change a setting; integration_mode decides whether finalized notes block deletes and whether deletes owe WebPT addenda; time_zone is the practice's zone, whose days today/yesterday/tomorrow mean",
      arguments: [
        ['<key>', 'integration_mode or time_zone'],
        ['<value>', 'standalone or webpt; an IANA zone such as America/Los_Angeles'],
      ],
      help: '\nExamples:\n  sessionctl settings set integration_mode webpt\n  sessionctl settings set integration_mode standalone\n  sessionctl settings set time_zone America/Los_Angeles',
      run: lazy(load, 'setRun'),
    },
  ],
};
