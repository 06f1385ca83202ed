// `payments` and `adjustments` are one pair of commands over two kinds of posted money: declared here,
// run by posted-money.ts, so that neither command's folder reaches into the other's.
import type { Command } from 'commander';
import type { Runner } from './define.js';
import { POSTED_PLURAL, type PostedKind } from '../domain/posted.js';

/** `payments` and `adjustments` share their shape; only the words differ. */
export function definePosted(program: Command, runner: Runner, kind: PostedKind): void {
  const plural = POSTED_PLURAL[kind];
  const load = async () => await import('./posted-money.js');
  const group = program
    .command(plural)
    .description(`${plural} posted to a session: list them, remove them so that the session can be deleted`);
  group
    .command('list')
    .argument('<session-id>', 'the session')
    .description(`the ${plural} of one session, and the command that removes them`)
    .addHelpText('after', `\nExample:\n  sessionctl ${plural} list 42`)
    .action(runner(async () => ({ run: (await load()).listRunFor(kind) })));
  group
    .command('remove')
    .argument(`<${kind}-id...>`, `the ${plural} to remove (ids from \`sessionctl ${plural} list\`)`)
    .option('--reason <text>', 'why, for the audit log')
    .option('--dry-run', 'show what would be removed and whether the session would become deletable')
    .description(`remove ${plural} (confirmed, or --yes); each is audited with a copy of the removed row`)
    .addHelpText('after', `\nExamples:\n  sessionctl ${plural} remove 17 18\n  sessionctl ${plural} remove 17 --yes --reason "entered on the wrong session"`)
    .action(runner(async () => ({ run: (await load()).removeRunFor(kind) })));
}

