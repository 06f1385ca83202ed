// `payments` and `adjustments` are one pair of commands over two kinds of posted money: declared here,
// run by posted-money.ts, so that neither command's folder reaches into the other's.
import { lazy, type CommandSpec } from './define.js';
import { POSTED_PLURAL, type PostedKind } from '../domain/posted.js';

/** `payments` and `adjustments` share their shape; only the words differ. */
export function postedSpec(kind: PostedKind): CommandSpec {
  const plural = POSTED_PLURAL[kind];
  // posted-money.ts makes its runs per kind; lazy() picks them by name from this kind's pair.
  const load = async () => {
    const { listRunFor, removeRunFor } = await import('./posted-money.js');
    return { listRun: listRunFor(kind), removeRun: removeRunFor(kind) };
  };
  return {
    name: plural,
    description: `${plural} posted to a session: list them, remove them so that the session can be deleted`,
    subcommands: [
      {
        name: 'list',
        description: `the ${plural} of one session, and the command that removes them`,
        arguments: [['<session-id>', 'the session']],
        help: `\nExample:\n  sessionctl ${plural} list 42`,
        run: lazy(load, 'listRun'),
      },
      {
        name: 'remove',
        description: `remove ${plural} (confirmed, or --yes); each is audited with a copy of the removed row`,
        arguments: [[`<${kind}-id...>`, `the ${plural} to remove (ids from \`sessionctl ${plural} list\`)`]],
        options: [
          ['--reason <text>', 'why, for the audit log'],
          ['--dry-run', 'show what would be removed and whether the session would become deletable'],
        ],
        help: `\nExamples:\n  sessionctl ${plural} remove 17 18\n  sessionctl ${plural} remove 17 --yes --reason "entered on the wrong session"`,
        run: lazy(load, 'removeRun'),
      },
    ],
  };
}
