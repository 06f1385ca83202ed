import { lazy, type CommandSpec } from '../define.js';

export const cancel: CommandSpec = {
  name: 'cancel',
  description: 'Apply Cancellation with a session class (patient cancelled or did not show)',
  arguments: [['<ids...>', 'session ids']],
  options: [
    ['--class <name>', 'an active cancellation class, e.g. "No Show"', { required: true }],
    ['--dry-run', 'show what would happen, change nothing'],
    ['--reason <text>', 'why, written to the audit log'],
  ],
  help: `
One outcome per session: cancelled, would-cancel (--dry-run), blocked (with every reason and what
to do) or not-found. A refused session never stops the others. An unknown, inactive or
non-cancellation class is bad input (exit 2) and the message lists the valid ones.
Off a terminal (scripts, --json) a change needs --yes; on a terminal you confirm once.

Exit status: 0 all done, 1 a session was not found, 2 bad input (nothing changed),
3 at least one session refused by a rule (the others were processed).

Examples:
  sessionctl cancel 1042 --class "No Show" --dry-run
  sessionctl cancel 1042 1043 --class Cancelled --reason "clinic closed" --yes --json`,
  run: lazy(() => import('./run.js'), 'run'),
};
