import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  const classes = program
    .command('classes')
    .description('session classes: list, add, deactivate, reactivate (classes are never deleted)');
  const load = async () => import('./run.js');
  classes
    .command('list', { isDefault: true })
    .description('every class, whether it is a cancellation class, active, and how many sessions use it')
    .action(runner(async () => ({ run: (await load()).listRun })));
  classes
    .command('add')
    .argument('<name>', 'the class name (quote it when it has spaces)')
    .option('--cancellation', 'a cancellation class: sessions can be cancelled with it')
    .description('add an active session class')
    .addHelpText('after', '\nExamples:\n  sessionctl classes add "Cancelled" --cancellation\n  sessionctl classes add "Re-evaluation"')
    .action(runner(async () => ({ run: (await load()).addRun })));
  classes
    .command('deactivate')
    .argument('<name>', 'the class name, without regard to case')
    .description('stop offering a class; sessions that carry it keep it')
    .action(runner(async () => ({ run: (await load()).deactivateRun })));
  classes
    .command('reactivate')
    .argument('<name>', 'the class name, without regard to case')
    .description('offer an inactive class again')
    .action(runner(async () => ({ run: (await load()).reactivateRun })));
};
