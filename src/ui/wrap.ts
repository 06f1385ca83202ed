// Text that fits a terminal: wrapped at spaces, never inside a word, and never inside a command
// (`sessionctl payments list 1467` stays on one line, so it can be copied whole).
import { stripVTControlCharacters } from 'node:util';

const visible = (s: string) => stripVTControlCharacters(s).length;

/** Words, with each `sessionctl …` command (and a quoted argument inside it) as one unit. */
export function units(text: string): string[] {
  const tokens = text.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!/^[`(]?sessionctl$/.test(stripVTControlCharacters(t))) {
      out.push(t);
      continue;
    }
    // A command runs on while its words look like arguments: options, ids, names, quoted values.
    let command = t;
    while (i + 1 < tokens.length && /^(--?[\w-]+|[\w./:@,=+-]+[.,;)`]?|"[^"]*"[.,;)`]?|'[^']*'[.,;)`]?)$/.test(stripVTControlCharacters(tokens[i + 1]!))) {
      const next = tokens[++i]!;
      command += ` ${next}`;
      if (/[.,;)`]$/.test(next)) break;
    }
    out.push(command);
  }
  return out;
}

/**
 * `text` in lines of at most `width` columns: the first after `first`, the others after `rest`
 * (an indent). A unit longer than a line gets a line of its own rather than being cut.
 */
export function wrap(text: string, width: number | undefined, first = '', rest = first): string {
  if (!width || visible(first) + visible(text) <= width) return `${first}${text}`;
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const unit of units(text)) {
    if (!empty && visible(line) + 1 + visible(unit) > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += `${empty ? '' : ' '}${unit}`;
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}
