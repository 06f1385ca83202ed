// Messages said by more than one layer, worded once.

/** A --class (or a class name) that names no session class. */
export function noSuchClass(name: string): string {
  return `There is no session class named "${name}".`;
}
