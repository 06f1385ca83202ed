// Confirmation before a change: --yes answers it; off a terminal without --yes nothing is touched.
import type { Context } from '../commands/context.js';
import { UsageError } from '../domain/errors.js';

export function requireYesOffTerminal(ctx: Context, what: string): void {
  if (ctx.yes || ctx.interactive) return;
  throw new UsageError(
    `${what} needs confirmation, and this is not an interactive terminal${ctx.json ? ' (--json never prompts)' : ''}.`,
    'Re-run with --yes to confirm (or --dry-run to see what would happen). Nothing was changed.',
  );
}

/** Asks once, default No. Esc and Ctrl-C leave through the prompt's own error (exit 130). */
export async function confirmChange(ctx: Context, message: string): Promise<boolean> {
  if (ctx.yes) return true;
  requireYesOffTerminal(ctx, 'This change');
  const { confirm } = await import('@inquirer/prompts');
  return confirm(
    { message, default: false },
    { input: ctx.streams.stdin, output: ctx.streams.stderr, clearPromptOnDone: false },
  );
}
