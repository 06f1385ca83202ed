export { decide, decideCancel, decideConfirm, decideDelete, decideUncancel, removableNotes } from './decide.js';
export type { DecisionInput, DeleteInput } from './decide.js';
export { reason, sessionList, stillReferenced } from './reasons.js';
export { decideChargeRemoval, decideRestore } from './restore.js';
export type { MissingReference, RestoreInput } from './restore.js';
export { noLongerDuplicate } from './duplicates.js';
export type { DuplicateCandidate } from './duplicates.js';
export { attachedRows, chooseKeeper, preferredKeeper } from './keeper.js';
export type { KeepReason, KeeperCandidate, KeeperChoice } from './keeper.js';
