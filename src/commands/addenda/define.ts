import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  const load = async () => import('./run.js');
  const addenda = program
    .command('addenda')
    .description('addenda owed in WebPT for sessions deleted in webpt mode: list them, mark them completed')
    .option('--pending', 'only the addenda not yet completed')
    .option('--limit <n>', 'show at most this many (default 200)')
    .addHelpText('after', '\nExamples:\n  sessionctl addenda --pending\n  sessionctl addenda complete 3 4')
    .action(runner(async () => ({ run: (await load()).listRun })));
  addenda
    .command('complete')
    .argument('<addendum-id...>', 'the addenda written in WebPT')
    .description('record that these addenda were completed in WebPT, by whom (--actor) and when')
    .action(runner(async () => ({ run: (await load()).completeRun })));
};
