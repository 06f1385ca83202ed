// Counted words, said the same way everywhere: "1 session", "3 sessions", "2,400 sessions".

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
