import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  program
    .command('explain')
    .description('why a session can or cannot be deleted or cancelled, from its data (works with --read-only)')
    .argument('<id>', 'session id')
    .addHelpText(
      'after',
      `
Shows the session, the rows behind its facts (each claim with payer, date and status; payments;
adjustments; notes; charges), the practice's integration mode, and for Permanently Delete and
Apply Cancellation whether each is allowed, every reason it is not, and the command that remedies it.

Examples:
  sessionctl explain 1042 --read-only
  sessionctl explain 1042 --json`,
    )
    .action(runner(async () => ({ run: (await import('./run.js')).run })));
};
