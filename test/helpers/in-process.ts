// The CLI's main() in this process, with its output captured: the same parsing, commands and error
// handling as the binary, without a process start-up (milliseconds, not a third of a second), so a
// test can afford hundreds of command lines. Spawned runs (procs.ts) remain the proof for the binary.
import { PassThrough } from 'node:stream';
import { vi } from 'vitest';
import { main } from '../../src/cli.js';
import type { Streams } from '../../src/ui/output.js';
import { cliEnv } from './procs.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  /** What the run wrote around its streams: console.*, process.stdout or process.stderr (a library logging, say). */
  stray: string;
}

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (s: string) => (text += s));
  return { stream: Object.assign(stream, { isTTY: false }) as unknown as NodeJS.WriteStream, text: () => text };
}

/** Runs `sessionctl ...args` off a terminal (no prompts), with the pinned clock of cliEnv(). */
export async function runInProcess(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<InProcessResult> {
  const stdout = capture();
  const stderr = capture();
  const stdin = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream;
  const streams: Streams = { stdin, stdout: stdout.stream, stderr: stderr.stream };
  let stray = '';
  const spies = [
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void (stray += `${a.map(String).join(' ')}\n`)),
    ),
    ...[process.stdout, process.stderr].map((s) =>
      vi.spyOn(s, 'write').mockImplementation((chunk: string | Uint8Array) => ((stray += String(chunk)), true)),
    ),
  ];
  let code: number;
  try {
    code = await main(['node', 'sessionctl', ...args], streams, cliEnv(env));
    // Let the streams deliver what was written before reading them.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return { code, stdout: stdout.text(), stderr: stderr.text(), stray };
}
