// Words of the commands we print for the user to run: bare when a shell takes them as they are,
// else single-quoted.

export function shellWord(text: string): string {
  return /^[A-Za-z0-9_.,:/@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
