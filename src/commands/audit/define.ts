import { lazy, type CommandSpec } from '../define.js';

const load = () => import('./run.js');

export const audit: CommandSpec = {
  name: 'audit',
  description: 'the audit trail of every change sessionctl made, newest first; `audit show ID` prints one whole',
  options: [
    ['--session <id>', 'entries about this session'],
    ['--actor <name>', 'entries by this actor (exact, any case)'],
    ['--action <action>', 'an action (session.delete, payment.remove, …) or a family (session, payment, class, …)'],
    ['--from <date>', 'entries on or after this day: YYYY-MM-DD, today, yesterday'],
    ['--to <date>', 'entries on or before this day'],
    ['--patient <text>', 'entries about sessions of patients whose name or chart number contains this'],
    ['--after <id>', 'the feed: entries after this id, oldest first (0 for all); with --json also "next", the id to pass the next time'],
    ['--limit <n>', 'show at most this many (default 50; with --after, 1000)'],
  ],
  help: '\nExamples:\n  sessionctl audit --session 42\n  sessionctl audit --action payment --from yesterday\n  sessionctl audit --patient PT-1001\n  sessionctl audit --after 1200 --json\n  sessionctl audit show 17\n  sessionctl audit head\n  sessionctl audit verify --head 1234:9f2c…',
  run: lazy(load, 'listRun'),
  // The trail is only read here: a given --actor is the filter, not who is acting (see addCommand).
  actorIsFilter: true,
  subcommands: [
    {
      name: 'show',
      description: 'one entry with its full snapshot (a deleted session can always be read back)',
      arguments: [['<id>', 'the audit entry']],
      run: lazy(load, 'showRun'),
    },
    {
      name: 'head',
      description: 'the newest entry and its hash: write it down elsewhere, to prove later that the trail was not rewritten',
      run: lazy(load, 'headRun'),
    },
    {
      name: 'verify',
      description: 'recompute the hash chain: exit 0 when intact, 1 naming each entry altered, removed or inserted',
      options: [['--head <id:hash>', 'a head written down earlier (`audit head`): also prove that it is still there, unchanged']],
      run: lazy(load, 'verifyRun'),
    },
  ],
};
