import { lazy, type CommandSpec } from '../define.js';

export const uncancel: CommandSpec = {
  name: 'uncancel',
  description: 'Revert Cancellation: put cancelled sessions back as they were before',
  arguments: [['<ids...>', 'session ids']],
  options: [
    ['--class <name>', 'for a session cancelled without a record of its class: an active class that is not a cancellation class'],
    ['--dry-run', 'show what would happen, change nothing'],
    ['--reason <text>', 'why, written to the audit log'],
  ],
  help: `
Puts back the status and session class that the session had before its latest cancellation, as
that cancellation's audit row recorded them, and clears cancelled_at. A session cancelled by another
program (no such row) goes back to confirmed if it had been confirmed, else scheduled, with the
class --class names (without it: exit 2, naming the valid classes; on a terminal you are asked).
One outcome per session: uncancelled, would-uncancel (--dry-run), blocked (NOT_CANCELLED;
WOULD_DUPLICATE, naming the session that now holds the same patient, provider, date and time;
READ_ONLY) or not-found. Off a terminal a change needs --yes; on a terminal you confirm once.

Exit status: 0 all done, 1 a session was not found, 2 bad input (nothing changed),
3 at least one session refused by a rule (the others were processed).

Examples:
  sessionctl uncancel 1042 --dry-run
  sessionctl uncancel 1042 --reason "cancelled the wrong visit" --yes
  sessionctl uncancel 1043 --class Follow-up --yes --json`,
  run: lazy(() => import('./run.js'), 'run'),
};
