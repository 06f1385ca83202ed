// The real prompter (inquirer) on streams that claim to be a terminal: keys typed faster than the list
// filters, or pasted with their Enter, are answered as if typed one by one.
import { PassThrough, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LEAVE, terminalPrompter, type Choice } from '../../src/ui/prompter.js';

function terminal() {
  let shown = '';
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin }) as unknown as NodeJS.ReadStream;
  const stdout = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        shown += stripVTControlCharacters(String(chunk));
        done();
      },
    }),
    // Like process.stdout, which a prompt's pipe never ends: the next prompt writes to it too.
    { isTTY: true, columns: 100, rows: 30, end: () => stdout },
  ) as unknown as NodeJS.WriteStream;
  /** Resolves once the screen shows `text` (the prompt is listening). */
  async function shows(text: string) {
    const deadline = Date.now() + 2000;
    while (!shown.includes(text)) {
      if (Date.now() > deadline) throw new Error(`the screen never showed ${text}:\n${shown}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return { stdin, shows, streams: { stdin, stdout, stderr: stdout } };
}

const days: Choice<string>[] = ['2026-11-25', '2026-11-26', '2026-11-27'].map((d) => ({ value: d, name: `day ${d}` }));

describe('the real prompter, keys ahead of the screen', () => {
  it('a term typed, then Enter once the list has filtered', async () => {
    const { stdin, shows, streams } = terminal();
    const answer = terminalPrompter(streams).pick('Pick a day', days);
    await shows('Pick a day');
    stdin.write('11-27');
    await shows('❯ day 2026-11-27');
    await new Promise((r) => setTimeout(r, 20));
    stdin.write('\r');
    expect(await answer).toBe('2026-11-27');
  }, 5000);

  it('a term and its Enter in one chunk choose what the term filters to', async () => {
    const { stdin, shows, streams } = terminal();
    const answer = terminalPrompter(streams).pick('Pick a day', days);
    await shows('Pick a day');
    stdin.write('11-27\r');
    expect(await answer).toBe('2026-11-27');
  }, 5000);

  it('the Enter counts once: the next prompt waits for its own', async () => {
    const { stdin, shows, streams } = terminal();
    const prompter = terminalPrompter(streams);
    const first = prompter.pick('Pick a day', days);
    await shows('Pick a day');
    stdin.write('11-27\r');
    expect(await first).toBe('2026-11-27');
    const second = prompter.pick('Pick another', days);
    await shows('Pick another');
    await new Promise((r) => setTimeout(r, 50));
    stdin.write('11-25\r');
    expect(await second).toBe('2026-11-25');
  }, 5000);

  it('a term that matches nothing, with its Enter, leaves the prompt open; Esc then leaves it', async () => {
    const { stdin, shows, streams } = terminal();
    const answer = terminalPrompter(streams).pick('Pick a day', days);
    let settled = false;
    void answer.finally(() => (settled = true));
    await shows('Pick a day');
    stdin.write('12-01\r');
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    stdin.write('\u001b');
    expect(await answer).toBe(LEAVE);
  }, 5000);
});
