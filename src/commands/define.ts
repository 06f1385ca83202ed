// How a command is declared: as data (a CommandSpec in its folder's define.ts), which addCommand turns
// into a commander command. Building the program then costs no command's code: lazy() loads it when run.
import type { Command } from 'commander';
import type { Context } from './context.js';

export type CommandOptions = Record<string, unknown>;
export type CommandRun = (ctx: Context, args: string[], opts: CommandOptions) => Promise<number>;
export type LoadRun = () => Promise<{ run: CommandRun }>;
/** Wraps a lazily loaded run function as a commander action. */
export type Runner = (load: LoadRun) => (...args: unknown[]) => Promise<void>;

/** `<name>`, `<name...>` or `[name...]`, and what it is. */
export type ArgumentSpec = readonly [name: string, description: string];
/** Flags and description; a default value, or `required` for commander's requiredOption. */
export type OptionSpec = readonly [flags: string, description: string, more?: { readonly default?: string; readonly required?: true }];

export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  /** The subcommand that runs when its group is given none (`classes` is `classes list`). */
  readonly isDefault?: true;
  readonly arguments?: readonly ArgumentSpec[];
  /** In the order --help lists them. */
  readonly options?: readonly OptionSpec[];
  /** Printed after commander's help, as it is. */
  readonly help?: string;
  /** Without one, a group only holds its subcommands (and shows its help when given none). */
  readonly run?: LoadRun;
  readonly subcommands?: readonly CommandSpec[];
  /** The command's own --actor filters what it reads, though the program's --actor takes the flag. */
  readonly actorIsFilter?: true;
}

/** The export `name` of a module, loaded only when the command runs (a literal import() keeps it apart in the bundle). */
export function lazy<K extends string, M extends Record<K, CommandRun>>(load: () => Promise<M>, name: K): LoadRun {
  return async () => ({ run: (await load())[name] });
}

/** Adds the command that `spec` describes to `parent`, its subcommands with it. */
export function addCommand(parent: Command, spec: CommandSpec, runner: Runner): Command {
  const cmd = parent.command(spec.name, spec.isDefault ? { isDefault: true } : undefined).description(spec.description);
  for (const [name, description] of spec.arguments ?? []) cmd.argument(name, description);
  for (const [flags, description, more] of spec.options ?? []) {
    if (more?.required) cmd.requiredOption(flags, description, more.default);
    else cmd.option(flags, description, more?.default);
  }
  if (spec.help !== undefined) cmd.addHelpText('after', spec.help);
  if (spec.run) cmd.action(runner(spec.run));
  if (spec.actorIsFilter) {
    // --actor is also the program's global option, which commander recognises after the subcommand too,
    // so the program takes it. The trail is only read here, never written: here it is the filter.
    cmd.hook('preAction', (self) => {
      const root = self.parent;
      if (root?.getOptionValueSource('actor') === 'cli' && self.getOptionValue('actor') === undefined) {
        self.setOptionValue('actor', root.getOptionValue('actor'));
      }
    });
  }
  for (const sub of spec.subcommands ?? []) addCommand(cmd, sub, runner);
  return cmd;
}
