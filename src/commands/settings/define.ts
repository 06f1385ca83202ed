import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  const load = async () => import('./run.js');
  const settings = program.command('settings').description('practice settings: get, set integration_mode or time_zone');
  settings
    .command('get', { isDefault: true })
    .argument('[key...]', 'one setting (default: all)')
    .description('show the settings (works with --read-only)')
    .action(runner(async () => ({ run: (await load()).getRun })));
  settings
    .command('set')
    .argument('<key>', 'integration_mode or time_zone')
    .argument('<value>', 'standalone or webpt; an IANA zone such as America/Los_Angeles')
    .description(
      "change a setting; integration_mode decides whether finalized notes block deletes and whether deletes owe WebPT addenda; time_zone is the practice's zone, whose days today/yesterday/tomorrow mean",
    )
    .addHelpText(
      'after',
      '\nExamples:\n  sessionctl settings set integration_mode webpt\n  sessionctl settings set integration_mode standalone\n  sessionctl settings set time_zone America/Los_Angeles',
    )
    .action(runner(async () => ({ run: (await load()).setRun })));
};
