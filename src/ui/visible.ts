// Stored text made safe to print on a terminal. Names, reasons and actors come from other programs
// (the practice system) or from whoever typed --actor: an escape sequence could clear the screen or
// move the cursor, and a newline could draw a row that is not in the data. Each such character is
// shown as an escape (\n, \t, \x1b, \u202e) instead. JSON output needs none of this: JSON escapes them.

// C0 controls, DEL, C1 controls, bidirectional overrides and isolates, line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One stored value (a name, an actor, a reason) for human output: every control character visible. */
export function visible(text: string): string {
  return text.replace(CONTROL, escape);
}

/** Whether the text holds a character that visible() would change. */
export function hasControl(text: string): boolean {
  return new RegExp(CONTROL.source).test(text);
}

/**
 * A whole message or table as this program composed it: its own line breaks and colours (SGR
 * sequences) stay, every other control character becomes visible. The last line of defence for
 * whatever a renderer did not pass through visible().
 */
export function visibleLines(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(SGR)) {
    out += text.slice(last, m.index).replace(CONTROL_BUT_NEWLINE, escape) + m[0];
    last = (m.index ?? 0) + m[0].length;
  }
  return out + text.slice(last).replace(CONTROL_BUT_NEWLINE, escape);
}
