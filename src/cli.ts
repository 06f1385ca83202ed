// The commander program: global options, the commands, and every error turned into an exit status.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { CliError } from './domain/errors.js';
import { COMMANDS } from './commands/index.js';
import { createContext, type Context, type GlobalOptions, type Injected } from './commands/context.js';
import { addCommand, type Runner } from './commands/define.js';
import { Output, clipForTerminal, type Streams } from './ui/output.js';
import { maskUrl } from './store/spec.js';
import { secretsOf } from './domain/secrets.js';
import { redacting } from './ui/redacting.js';

/** Set by the bundle build (scripts/build.mjs), which saves reading package.json at every start. */
declare const SESSIONCTL_VERSION: string | undefined;

function version(): string {
  if (typeof SESSIONCTL_VERSION === 'string') return SESSIONCTL_VERSION;
  // dist/src/cli.js and src/cli.ts sit at different depths; the first package.json up is ours.
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // not at this depth
    }
  }
  return 'unknown';
}

/** Ctrl-C or Esc at an inquirer prompt. */
function isPromptExit(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}

/** The command that shows what this actor changed, in a form that works where the user is. */
async function auditCommand(ctx: Context): Promise<string> {
  const { shellWord } = await import('./ui/shell.js');
  const { invocation } = await import('./commands/invocation.js');
  const db = ctx.dbFlag === undefined ? '' : ` --db ${shellWord(maskUrl(ctx.dbFlag))}`;
  return `${invocation(ctx.env)}${db} audit --actor ${shellWord(ctx.actor)}`;
}

async function report(err: unknown, ctx: Context | null, out: Output, debug: boolean): Promise<number> {
  if (isPromptExit(err)) {
    const { interruptedWords } = await import('./ui/outcomes.js');
    out.info(interruptedWords(ctx?.changes ?? [], ctx ? await auditCommand(ctx) : 'sessionctl audit'));
    return 130;
  }
  let known: CliError | null = err instanceof CliError ? err : null;
  if (!known) {
    const { describeDatabaseError } = await import('./store/errors.js');
    known = describeDatabaseError(err, ctx ? maskUrl(ctx.dbLocation) : 'the database', ctx?.readOnly ?? false);
  }
  if (known) {
    out.error(known.message, known.hint);
    if (debug && err instanceof Error && err.stack) out.info(err.stack);
    return known.exitCode;
  }
  out.error(driverMessage(err), debug ? undefined : 'Run again with --debug for details.');
  if (debug && err instanceof Error && err.stack) out.info(maskUrl(err.stack));
  return 1;
}

/**
 * The driver's own words, without the SQL that knex puts in front of them: statements carry
 * patient data, which has no place in a terminal scrollback or a cron mail.
 */
function driverMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const tail = message.includes(' - ') ? message.slice(message.lastIndexOf(' - ') + 3) : message;
  const line = maskUrl(tail.split('\n')[0] ?? tail);
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export function buildProgram(streams: Streams, env: NodeJS.ProcessEnv, result: { code: number }, injected: Injected = {}): Command {
  const program = new Command('sessionctl');
  const out = new Output(streams, env);
  program
    .description('Find sessions, then Permanently Delete or Apply Cancellation, as the practice rules allow.')
    .version(version(), '-V, --version')
    .addOption(new Option('--db <path-or-url>', 'SQLite file or postgres:// URL (env SESSIONCTL_DB; default ./sessionctl.db)'))
    .option('--json', 'machine-readable output on stdout; never prompts')
    .option('--no-input', 'never prompt; fail with exit 2 where an answer is needed')
    .option('--yes', 'answer yes to confirmations (needed for changes off a terminal)')
    .addOption(new Option('--actor <name>', 'who is acting, for the audit log (env SESSIONCTL_ACTOR)'))
    .option('--read-only', 'open the database read-only (env SESSIONCTL_READ_ONLY=1)')
    .option('--debug', 'show stack traces of unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => streams.stdout.write(s),
      writeErr: (s) => streams.stderr.write(s),
      outputError: (s, write) => write(out.errColor.red(clipForTerminal(s))),
    });

  const runner: Runner = (load) => async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const opts = command.opts();
    const globals = command.optsWithGlobals<GlobalOptions>();
    const positional = args.slice(0, -2).flat().map(String);
    let ctx: Context | null = null;
    // In a bulk change (which claims the signal) the first Ctrl-C lets the batch in flight commit and
    // reports what was done (exit 130); a second one, with the listener gone, ends the process at once.
    // Anywhere else a signal ends the process as it always did.
    const interrupt = new AbortController();
    let claimed = false;
    const onSignal = (signal: NodeJS.Signals) => {
      // Stay registered while the batch finishes: a library's own signal handler (signal-exit, loaded
      // with the prompts) ends the process when it finds itself the last listener.
      if (claimed && !interrupt.signal.aborted) return interrupt.abort();
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.kill(process.pid, signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      ctx = createContext(globals, streams, env, injected, { signal: interrupt.signal, claim: () => (claimed = true) });
      const { run } = await load();
      result.code = await run(ctx, positional, opts);
    } catch (err) {
      result.code = await report(err, ctx, out, Boolean(globals.debug));
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      await ctx?.close();
    }
  };

  for (const spec of COMMANDS) addCommand(program, spec, runner);
  // Subcommands report their usage errors the same way as the program.
  const configure = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride().showHelpAfterError('(run with --help for usage)');
      sub.configureOutput({
        writeOut: (s) => streams.stdout.write(s),
        writeErr: (s) => streams.stderr.write(s),
        outputError: (s, write) => write(out.errColor.red(clipForTerminal(s))),
      });
      configure(sub);
    }
  };
  configure(program);
  return program;
}

export async function main(
  argv: string[],
  // stdin is a getter: Node creates the stream on first access, which a --json run never needs.
  streams: Streams = {
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
  },
  env: NodeJS.ProcessEnv = process.env,
  // Tests only (the binary never passes it): a scripted prompter and a clock.
  injected: Injected = {},
): Promise<number> {
  const result = { code: 0 };
  // Every password that --db, SESSIONCTL_DB or PGPASSWORD carries is taken out of everything written,
  // whatever writes it (messages, tables, --json, --debug stacks, commander's own errors).
  const secrets = secretsOf([...argv.slice(2), env.SESSIONCTL_DB], env);
  const program = buildProgram(secrets.length > 0 ? redacting(streams, secrets) : streams, env, result, injected);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help') return err.exitCode === 0 ? 0 : 2;
      // Commander has printed the message; any parse failure is a usage error.
      return 2;
    }
    throw err;
  }
  return result.code;
}
