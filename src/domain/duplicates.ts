// A session as the duplicate scan sees it: shared by the scan (store), the keeper's choice (actions)
// and the re-check at the moment of change (rules).
import type { Session } from './types.js';

/** One session of a duplicate group: what the keeper's choice weighs. */
export type DuplicateMember = Pick<Session, 'id' | 'status' | 'createdAt' | 'facts'>;

/** What makes a session a duplicate of another: its group key, and whether it is cancelled. */
export type DuplicateCandidate = Pick<Session, 'id' | 'status' | 'date' | 'start'> & {
  patient: Pick<Session['patient'], 'id'>;
  provider: Pick<Session['provider'], 'id'>;
};
