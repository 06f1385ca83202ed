import { lazy, type CommandSpec } from '../define.js';

export const duplicates: CommandSpec = {
  name: 'duplicates',
  description: 'groups of sessions entered more than once, and removing all but one of each',
  options: [
    ['--from <date>', 'first day: YYYY-MM-DD, today, yesterday or tomorrow'],
    ['--to <date>', 'last day: YYYY-MM-DD, today, yesterday or tomorrow'],
    ['--provider <name-or-id>', 'only this provider (name, partial, or id)'],
    ['--delete', 'remove the sessions proposed for removal'],
    ['--dry-run', 'with --delete: check each removal against the rules, change nothing'],
  ],
  help: `
A group is two or more sessions, not cancelled, with the same patient, provider, date and start
time; groups are listed in date order, each session with its status. Each group keeps one session:
the one the rules won't let us delete; otherwise a confirmed one over scheduled ones; otherwise the
one with the most attached rows (charges, notes); otherwise the first entered. A group with two or
more sessions that can't be deleted is a conflict: nothing in it is removed; a person resolves it.

--delete removes the others through Permanently Delete (rules checked again, each audited as
"duplicate of session N"). Off a terminal it needs --yes; on a terminal you confirm once.

Exit status: 0 done (conflicts are reported in the summary, "summary.conflicts" in JSON),
1 failed (or a session to remove no longer existed), 2 bad input (nothing changed),
3 at least one removal refused by a rule at the time of deleting (the others were removed).

Examples:
  sessionctl duplicates --from 2026-11-01 --to 2026-11-30
  sessionctl duplicates --delete --dry-run
  sessionctl duplicates --delete --yes --json > cleanup.json`,
  run: lazy(() => import('./run.js'), 'run'),
};
