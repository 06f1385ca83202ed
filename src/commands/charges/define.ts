import { lazy, type CommandSpec } from '../define.js';

const load = () => import('./run.js');

export const charges: CommandSpec = {
  name: 'charges',
  description: "a session's charges: list them, remove specific ones (also from a billed session)",
  subcommands: [
    {
      name: 'list',
      description: "the session's charges (id, CPT code, units, amount) and its claims",
      arguments: [['<session-id>', 'the session']],
      help: '\nExamples:\n  sessionctl charges list 1463\n  sessionctl charges list 1463 --json',
      run: lazy(load, 'listRun'),
    },
    {
      name: 'remove',
      description: 'remove charges; each is audited (charge.remove) with a copy of the removed row',
      arguments: [['<charge-id...>', 'the charges to remove (ids from `sessionctl charges list`)']],
      options: [
        ['--dry-run', 'show what would be removed, change nothing'],
        ['--reason <text>', 'why, written to the audit log'],
      ],
      help: `
One outcome per charge: removed, would-remove (--dry-run), blocked (READ_ONLY) or not-found. When
the charge's session has been billed, the result carries the warning CORRECTED_CLAIM_NEEDED naming
the claims: the payer must be sent a corrected claim. Off a terminal a change needs --yes.

Exit status: 0 all done, 1 a charge was not found, 2 bad input (nothing changed), 3 refused.

Examples:
  sessionctl charges remove 2207 --dry-run
  sessionctl charges remove 2207 2208 --reason "97110 entered twice" --yes --json`,
      run: lazy(load, 'removeRun'),
    },
  ],
};
