import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  const load = async () => import('./run.js');
  const audit = program
    .command('audit')
    .description('the audit trail of every change sessionctl made, newest first; `audit show ID` prints one whole')
    .option('--session <id>', 'entries about this session')
    .option('--actor <name>', 'entries by this actor (exact, any case)')
    .option('--action <action>', 'an action (session.delete, payment.remove, …) or a family (session, payment, class, …)')
    .option('--from <date>', 'entries on or after this day: YYYY-MM-DD, today, yesterday')
    .option('--to <date>', 'entries on or before this day')
    .option('--patient <text>', 'entries about sessions of patients whose name or chart number contains this')
    .option('--after <id>', 'the feed: entries after this id, oldest first (0 for all); with --json also "next", the id to pass the next time')
    .option('--limit <n>', 'show at most this many (default 50; with --after, 1000)')
    .addHelpText(
      'after',
      '\nExamples:\n  sessionctl audit --session 42\n  sessionctl audit --action payment --from yesterday\n  sessionctl audit --patient PT-1001\n  sessionctl audit --after 1200 --json\n  sessionctl audit show 17\n  sessionctl audit head\n  sessionctl audit verify --head 1234:9f2c…',
    )
    .action(runner(async () => ({ run: (await load()).listRun })));
  // --actor is also the program's global option, which commander recognises after the subcommand too,
  // so the program takes it. The trail is only read here, never written: here it is the filter.
  audit.hook('preAction', (cmd) => {
    const root = cmd.parent;
    if (root?.getOptionValueSource('actor') === 'cli' && cmd.getOptionValue('actor') === undefined) {
      cmd.setOptionValue('actor', root.getOptionValue('actor'));
    }
  });
  audit
    .command('show')
    .argument('<id>', 'the audit entry')
    .description('one entry with its full snapshot (a deleted session can always be read back)')
    .action(runner(async () => ({ run: (await load()).showRun })));
  audit
    .command('head')
    .description('the newest entry and its hash: write it down elsewhere, to prove later that the trail was not rewritten')
    .action(runner(async () => ({ run: (await load()).headRun })));
  audit
    .command('verify')
    .option('--head <id:hash>', 'a head written down earlier (`audit head`): also prove that it is still there, unchanged')
    .description('recompute the hash chain: exit 0 when intact, 1 naming each entry altered, removed or inserted')
    .action(runner(async () => ({ run: (await load()).verifyRun })));
};
