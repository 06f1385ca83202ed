// Payments: removed (never edited) so that a session entered in error can be deleted.
import type { Db } from '../store/connection.js';
import { removePosted, type RemovalReport, type RemoveOptions } from './posted.js';

export function removePayments(db: Db, ids: readonly number[], opts: RemoveOptions): Promise<RemovalReport> {
  return removePosted(db, 'payment', ids, opts);
}
