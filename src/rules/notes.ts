// Which notes go with a session when it is deleted, counted: the rule of removableNotes() applied to
// a session's facts, for every place that says so before the change (the hand-off, explain).
import type { IntegrationMode, SessionFacts } from '../domain/types.js';
import { removableNotes } from './decide.js';

export interface NotesGoing {
  draft: number;
  finalized: number;
}

export function notesGoingWith(facts: Pick<SessionFacts, 'draftNotes' | 'finalizedNotes'>, mode: IntegrationMode): NotesGoing {
  return { draft: facts.draftNotes, finalized: removableNotes(mode) === 'all' ? facts.finalizedNotes : 0 };
}
