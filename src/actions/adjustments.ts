// Adjustments: removed (never edited) so that a session entered in error can be deleted.
import type { Db } from '../store/connection.js';
import { removePosted, type RemovalReport, type RemoveOptions } from './posted.js';

export function removeAdjustments(db: Db, ids: readonly number[], opts: RemoveOptions): Promise<RemovalReport> {
  return removePosted(db, 'adjustment', ids, opts);
}
