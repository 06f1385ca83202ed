import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  const load = async () => await import('./run.js');
  const group = program
    .command('charges')
    .description("a session's charges: list them, remove specific ones (also from a billed session)");
  group
    .command('list')
    .argument('<session-id>', 'the session')
    .description("the session's charges (id, CPT code, units, amount) and its claims")
    .addHelpText('after', '\nExamples:\n  sessionctl charges list 1463\n  sessionctl charges list 1463 --json')
    .action(runner(async () => ({ run: (await load()).listRun })));
  group
    .command('remove')
    .argument('<charge-id...>', 'the charges to remove (ids from `sessionctl charges list`)')
    .option('--dry-run', 'show what would be removed, change nothing')
    .option('--reason <text>', 'why, written to the audit log')
    .description('remove charges; each is audited (charge.remove) with a copy of the removed row')
    .addHelpText(
      'after',
      `
One outcome per charge: removed, would-remove (--dry-run), blocked (READ_ONLY) or not-found. When
the charge's session has been billed, the result carries the warning CORRECTED_CLAIM_NEEDED naming
the claims: the payer must be sent a corrected claim. Off a terminal a change needs --yes.

Exit status: 0 all done, 1 a charge was not found, 2 bad input (nothing changed), 3 refused.

Examples:
  sessionctl charges remove 2207 --dry-run
  sessionctl charges remove 2207 2208 --reason "97110 entered twice" --yes --json`,
    )
    .action(runner(async () => ({ run: (await load()).removeRun })));
};
