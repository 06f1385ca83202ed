// How a command is declared: its commander definition is light and loads its code only when run.
import type { Command } from 'commander';
import type { Context } from './context.js';

export type CommandOptions = Record<string, unknown>;
export type CommandRun = (ctx: Context, args: string[], opts: CommandOptions) => Promise<number>;
export type LoadRun = () => Promise<{ run: CommandRun }>;
/** Wraps a lazily loaded run function as a commander action. */
export type Runner = (load: LoadRun) => (...args: unknown[]) => Promise<void>;
export type Define = (program: Command, runner: Runner) => void;
