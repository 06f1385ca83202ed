// A one-line progress bar on stderr, only when stderr is a terminal: a log file or a cron mail
// gets no carriage returns, and stdout (the data, or the JSON) is never touched.
import { thousands } from '../domain/words.js';

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the bar, leaving the line free for the summary. */
  finish(): void;
}

const NONE: Progress = { update: () => undefined, finish: () => undefined };

const REDRAW_MS = 100;

export function progressBar(stream: NodeJS.WriteStream, label: string, now: () => number = Date.now): Progress {
  if (!stream.isTTY) return NONE;
  let last = -Infinity;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (done < total && t - last < REDRAW_MS) return;
      last = t;
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const counts = `${thousands(done)}/${thousands(total)}`;
      const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
      const room = (stream.columns ?? 80) - label.length - counts.length - percent.length - 6;
      const width = Math.max(10, Math.min(40, room));
      const filled = Math.round(ratio * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent} ${counts}\u001b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
    },
  };
}
