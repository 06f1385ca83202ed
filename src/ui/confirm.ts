// Confirmation before a change: --yes answers it; off a terminal without --yes nothing is touched.
import { UsageError } from '../domain/errors.js';
import type { Prompter } from './prompter.js';

/** What deciding about a confirmation needs to know of the run (the command's context has it all). */
export interface ConfirmIo {
  readonly yes: boolean;
  readonly interactive: boolean;
  readonly json: boolean;
  readonly prompt: Prompter;
  /** --no-input, and the streams: on a terminal, the flag that stopped the prompt is named. */
  readonly noInput?: boolean;
  readonly streams?: { stdin: { isTTY?: boolean }; stdout: { isTTY?: boolean } };
}

/** Why no prompt can be shown: on a terminal, --no-input or --json is the cause and is named. */
function whyNoPrompt(io: Omit<ConfirmIo, 'prompt'>): string {
  const terminal = Boolean(io.streams?.stdin.isTTY) && Boolean(io.streams?.stdout.isTTY);
  if (terminal && io.noInput) return '--no-input was given, so nothing is asked';
  if (terminal && io.json) return '--json was given, and it never prompts';
  return `this is not an interactive terminal${io.json ? ' (--json never prompts)' : ''}`;
}

export function requireYesOffTerminal(io: Omit<ConfirmIo, 'prompt'>, what: string): void {
  if (io.yes || io.interactive) return;
  throw new UsageError(
    `${what} needs confirmation, and ${whyNoPrompt(io)}.`,
    'Re-run with --yes to confirm (or --dry-run to see what would happen). Nothing was changed.',
  );
}

/** Asks once, default No (Esc and q answer No); Ctrl-C leaves through the prompt's own error (exit 130). */
export async function confirmChange(io: ConfirmIo, message: string): Promise<boolean> {
  if (io.yes) return true;
  requireYesOffTerminal(io, 'This change');
  return io.prompt.confirm(message);
}
