// Counted words, said the same way everywhere: "1 session", "3 sessions", "2,400 sessions".

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${thousands(n)} ${n === 1 ? one : many}`;
}

/** 2400 as "2,400", as toLocaleString('en-US') writes it, without loading Intl for it (see domain/days.ts). */
export function thousands(n: number): string {
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');
}
