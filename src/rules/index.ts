export { decide, decideCancel, decideDelete, deleteBlockers, removableNotes } from './decide.js';
export type { DecisionInput } from './decide.js';
export { reason, stillReferenced } from './reasons.js';
export { noLongerDuplicate } from './duplicates.js';
export type { DuplicateCandidate } from './duplicates.js';
export { attachedRows, chooseKeeper, preferredKeeper } from './keeper.js';
export type { KeepReason, KeeperCandidate, KeeperChoice } from './keeper.js';
export { notesGoingWith } from './notes.js';
export type { NotesGoing } from './notes.js';
