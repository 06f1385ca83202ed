import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  program
    .command('delete')
    .description('Permanently Delete sessions entered by mistake, where the rules allow it')
    .argument('<ids...>', 'session ids')
    .option('--dry-run', 'show what would happen, change nothing')
    .option('--reason <text>', 'why, written to the audit log')
    .addHelpText(
      'after',
      `
One outcome per session: deleted, would-delete (--dry-run), blocked (with every reason and what to
do) or not-found. A refused session never stops the others.
Off a terminal (scripts, --json) a change needs --yes; on a terminal you confirm once.

Exit status: 0 all done, 1 a session was not found, 2 bad input (nothing changed),
3 at least one session refused by a rule (the others were processed).

Examples:
  sessionctl delete 1042 --dry-run
  sessionctl delete 1042 1043 --reason "entered twice" --yes --json`,
    )
    .action(runner(async () => ({ run: (await import('./run.js')).run })));
};
