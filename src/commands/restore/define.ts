import { lazy, type CommandSpec } from '../define.js';

export const restore: CommandSpec = {
  name: 'restore',
  description: 'Restore deleted sessions, with their charges and notes, from the audit log',
  arguments: [['<session-ids...>', 'ids of deleted sessions']],
  options: [
    ['--dry-run', 'show what would happen, change nothing'],
    ['--reason <text>', 'why, written to the audit log'],
  ],
  help: `
Puts back, from the snapshot in the session's latest deletion (session.delete in the audit log), the
session with its original id and values and the charges and notes deleted with it, in one
transaction. Sessions removed by \`duplicates --delete\` are restored the same way. In a WebPT
practice the addendum owed for the deletion is withdrawn; if it was completed already, the result
warns (ADDENDUM_ALREADY_COMPLETED) that WebPT holds an addendum for a reverted deletion.
One outcome per id: restored, would-restore (--dry-run), blocked (SESSION_EXISTS, WOULD_DUPLICATE,
MISSING_REFERENCE, READ_ONLY) or not-found (no deletion of that id in the audit log).
Off a terminal a change needs --yes; on a terminal you confirm once.

Exit status: 0 all done, 1 an id has no logged deletion, 2 bad input (nothing changed),
3 at least one session refused by a rule (the others were processed).

Examples:
  sessionctl audit --action session.delete --limit 20    # find what was deleted
  sessionctl restore 1461 --dry-run
  sessionctl restore 1461 --reason "deleted the wrong copy" --yes --json`,
  run: lazy(() => import('./run.js'), 'run'),
};
