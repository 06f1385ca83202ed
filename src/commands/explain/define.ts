import { lazy, type CommandSpec } from '../define.js';

export const explain: CommandSpec = {
  name: 'explain',
  description: 'why a session can or cannot be deleted or cancelled, from its data (works with --read-only)',
  arguments: [['<id>', 'session id']],
  help: `
Shows the session, the rows behind its facts (each claim with payer, date and status; payments;
adjustments; notes; charges), the practice's integration mode, and for Permanently Delete and
Apply Cancellation whether each is allowed, every reason it is not, and the command that remedies it.

Examples:
  sessionctl explain 1042 --read-only
  sessionctl explain 1042 --json`,
  run: lazy(() => import('./run.js'), 'run'),
};
