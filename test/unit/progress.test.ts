// The progress bar draws only on a terminal, redraws at most every 100 ms, and clears its line.
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/ui/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, columns: 80, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe('progressBar', () => {
  it('writes nothing when stderr is not a terminal (logs, cron mail)', () => {
    const { stream, writes } = fakeStream(false);
    const bar = progressBar(stream, 'Removing');
    bar.update(1, 10);
    bar.update(10, 10);
    bar.finish();
    expect(writes).toEqual([]);
  });

  it('draws done/total and percent, skips redraws within 100 ms except the last, and clears the line', () => {
    const { stream, writes } = fakeStream(true);
    let now = 0;
    const bar = progressBar(stream, 'Removing', () => now);
    bar.update(1000, 4000);
    now = 50;
    bar.update(2000, 4000);
    now = 60;
    bar.update(4000, 4000);
    bar.finish();
    expect(writes).toHaveLength(3);
    expect(writes[0]).toBe(`\rRemoving [${'#'.repeat(10)}${'-'.repeat(30)}]  25% 1,000/4,000\u001b[K`);
    expect(writes[1]).toBe(`\rRemoving [${'#'.repeat(40)}] 100% 4,000/4,000\u001b[K`);
    expect(writes[2]).toBe('\r\u001b[K');
  });
});
