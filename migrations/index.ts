// The migrations in order. A static list (not a folder scan) so that the same modules run from
// the compiled build, from the tests and from a bundle, on both engines.
import type { Knex } from 'knex';
import * as initial from './20261127000000_initial.js';
import * as duplicateScanIndex from './20261127000004_duplicate_scan_index.js';
import * as auditLogNoReplace from './20261127000009_audit_log_no_replace.js';
import * as auditHashChain from './20261202000001_audit_hash_chain.js';
import * as auditIdentity from './20261202000002_audit_identity.js';
import * as addendaWithdrawn from './20261202000010_addenda_withdrawn.js';
import * as patientSearchKey from './20261202000020_patient_search_key.js';
import * as duplicateScanByDate from './20261202000030_duplicate_scan_by_date.js';
import * as notesSessionStatus from './20261202000040_notes_session_status.js';

export const MIGRATIONS: ReadonlyArray<{ name: string; module: Knex.Migration }> = [
  { name: '20261127000000_initial', module: initial },
  { name: '20261127000004_duplicate_scan_index', module: duplicateScanIndex },
  { name: '20261127000009_audit_log_no_replace', module: auditLogNoReplace },
  { name: '20261202000001_audit_hash_chain', module: auditHashChain },
  { name: '20261202000002_audit_identity', module: auditIdentity },
  { name: '20261202000010_addenda_withdrawn', module: addendaWithdrawn },
  { name: '20261202000020_patient_search_key', module: patientSearchKey },
  { name: '20261202000030_duplicate_scan_by_date', module: duplicateScanByDate },
  { name: '20261202000040_notes_session_status', module: notesSessionStatus },
];

export const migrationSource: Knex.MigrationSource<{ name: string; module: Knex.Migration }> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m.module,
};
