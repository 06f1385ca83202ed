// What is attached to a session, in words: "1 claim, 2 charges, 1 draft note".
import type { SessionFacts } from '../domain/types.js';
import { plural } from '../domain/words.js';

/** Each kind of attached row that the session has, counted; empty when nothing is attached. */
export function attachedWords(f: SessionFacts): string[] {
  const parts: Array<[number, string]> = [
    [f.claims, 'claim'],
    [f.payments, 'payment'],
    [f.adjustments, 'adjustment'],
    [f.charges, 'charge'],
    [f.finalizedNotes, 'finalized note'],
    [f.draftNotes, 'draft note'],
  ];
  return parts.filter(([n]) => n > 0).map(([n, what]) => plural(n, what));
}
