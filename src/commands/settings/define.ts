import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  const load = async () => import('./run.js');
  const settings = program.command('settings').description('practice settings: get, set integration_mode');
  settings
    .command('get', { isDefault: true })
    .argument('[key...]', 'one setting (default: all)')
    .description('show the settings (works with --read-only)')
    .action(runner(async () => ({ run: (await load()).getRun })));
  settings
    .command('set')
    .argument('<key>', 'integration_mode')
    .argument('<value>', 'standalone or webpt')
    .description('change a setting; integration_mode decides whether finalized notes block deletes and whether deletes owe WebPT addenda')
    .addHelpText('after', '\nExamples:\n  sessionctl settings set integration_mode webpt\n  sessionctl settings set integration_mode standalone')
    .action(runner(async () => ({ run: (await load()).setRun })));
};
