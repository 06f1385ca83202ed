import { lazy, type CommandSpec } from '../define.js';

export const confirm: CommandSpec = {
  name: 'confirm',
  description: 'Confirm sessions: billing confirms that the visits took place',
  arguments: [['<ids...>', 'session ids']],
  options: [
    ['--dry-run', 'show what would happen, change nothing'],
    ['--reason <text>', 'why, written to the audit log'],
  ],
  help: `
Sets status to confirmed and confirmed_at to now. One outcome per session: confirmed, would-confirm
(--dry-run), blocked (ALREADY_CONFIRMED, SESSION_CANCELLED, NOT_YET_HELD when its date is after the
practice's today, READ_ONLY) or not-found. A refused session never stops the others.
Off a terminal (scripts, --json) a change needs --yes; on a terminal you confirm once.
The confirm-schedule screen lists the sessions awaiting confirmation and confirms several at once.

Exit status: 0 all done, 1 a session was not found, 2 bad input (nothing changed),
3 at least one session refused by a rule (the others were processed).

Examples:
  sessionctl confirm 1042 --dry-run
  sessionctl confirm 1042 1043 1044 --yes --json`,
  run: lazy(() => import('./run.js'), 'run'),
};
