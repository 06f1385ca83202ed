import { lazy, type CommandSpec } from '../define.js';

// Not `delete`: a reserved word cannot name a variable.
export const deleteCommand: CommandSpec = {
  name: 'delete',
  description: 'Permanently Delete sessions entered by mistake, where the rules allow it',
  arguments: [['<ids...>', 'session ids']],
  options: [
    ['--dry-run', 'show what would happen, change nothing'],
    ['--reason <text>', 'why, written to the audit log'],
  ],
  help: `
One outcome per session: deleted, would-delete (--dry-run), blocked (with every reason and what to
do) or not-found. A refused session never stops the others.
Off a terminal (scripts, --json) a change needs --yes; on a terminal you confirm once.

Exit status: 0 all done, 1 a session was not found, 2 bad input (nothing changed),
3 at least one session refused by a rule (the others were processed).

Examples:
  sessionctl delete 1042 --dry-run
  sessionctl delete 1042 1043 --reason "entered twice" --yes --json`,
  run: lazy(() => import('./run.js'), 'run'),
};
