// The exit status of a change (CONTRACT §3), one rule for every command and screen.
import type { OutcomeResult } from './types.js';

export const EXIT_OK = 0;
/** A session (or record) was not found, or the user declined: not done. */
export const EXIT_NOT_DONE = 1;
export const EXIT_USAGE = 2;
/** At least one change was refused by a rule. */
export const EXIT_REFUSED = 3;

/** 1 when any was not found (1 wins over 3), 3 when any was refused by a rule, else 0. */
export function exitCodeOf(counts: { notFound: number; refused: number }): number {
  if (counts.notFound > 0) return EXIT_NOT_DONE;
  if (counts.refused > 0) return EXIT_REFUSED;
  return EXIT_OK;
}

export function exitCodeFor(results: readonly Pick<OutcomeResult, 'outcome'>[]): number {
  return exitCodeOf({
    notFound: results.filter((r) => r.outcome === 'not-found').length,
    refused: results.filter((r) => r.outcome === 'blocked').length,
  });
}

/** The status of several runs together: 1 wins over 3, 3 over 0. */
export function worseExit(a: number, b: number): number {
  return exitCodeOf({ notFound: Number(a === EXIT_NOT_DONE || b === EXIT_NOT_DONE), refused: Number(a === EXIT_REFUSED || b === EXIT_REFUSED) });
}
