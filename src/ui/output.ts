// One place that writes: data to stdout, messages and progress to stderr, colour only where wanted.
import { Chalk, type ChalkInstance } from 'chalk';
import { visibleLines } from './visible.js';

export interface Streams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** NO_COLOR wins, then FORCE_COLOR, then whether the stream is a terminal. */
export function colorLevel(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined) {
    if (env.FORCE_COLOR === 'false' || env.FORCE_COLOR === '0') return 0;
    const n = Number.parseInt(env.FORCE_COLOR, 10);
    return Number.isNaN(n) ? 1 : (Math.min(Math.max(n, 1), 3) as 1 | 2 | 3);
  }
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  return 1;
}

export class Output {
  /** Colours for what goes to stdout (tables). */
  readonly color: ChalkInstance;
  /** Colours for what goes to stderr (messages). */
  readonly errColor: ChalkInstance;

  constructor(
    readonly streams: Streams,
    env: NodeJS.ProcessEnv,
  ) {
    this.color = new Chalk({ level: colorLevel(streams.stdout, env) });
    this.errColor = new Chalk({ level: colorLevel(streams.stderr, env) });
  }

  /** A machine-readable document: the whole of stdout under --json. */
  json(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Human-readable results, on stdout. */
  // Human output: no control character of the data reaches the terminal (see visible.ts).
  print(text = ''): void {
    this.streams.stdout.write(`${visibleLines(text)}\n`);
  }

  info(text: string): void {
    this.streams.stderr.write(`${visibleLines(text)}\n`);
  }

  success(text: string): void {
    this.streams.stderr.write(`${this.errColor.green('✔')} ${visibleLines(text)}\n`);
  }

  warn(text: string): void {
    this.streams.stderr.write(`${this.errColor.yellow('!')} ${visibleLines(text)}\n`);
  }

  error(text: string, hint?: string): void {
    this.streams.stderr.write(`${this.errColor.red('error:')} ${visibleLines(clipForTerminal(text))}\n`);
    if (hint) this.streams.stderr.write(`${visibleLines(clipForTerminal(hint))}\n`);
  }
}

/**
 * A message that echoes what the user typed stays readable however long that was: a 10,000-character
 * path or argument is cut (whole lines too), lists of words are left alone.
 */
export function clipForTerminal(text: string, maxWord = 200, maxLine = 1000): string {
  return text
    .split('\n')
    .map((line) => {
      const words = line.replace(new RegExp(`\\S{${maxWord + 1},}`, 'gu'), (w) => `${[...w].slice(0, maxWord).join('')}…`);
      return words.length > maxLine ? `${[...words].slice(0, maxLine).join('')}…` : words;
    })
    .join('\n');
}
