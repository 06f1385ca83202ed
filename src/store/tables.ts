// The tables of CONTRACT §1, named once: the practice's own (in the order their foreign keys need,
// which is how a seed fills them) and sessionctl's records.

/** The practice's tables, parents before children. */
export const PRACTICE_TABLES = [
  'settings',
  'locations',
  'providers',
  'patients',
  'session_classes',
  'sessions',
  'claims',
  'charges',
  'payments',
  'adjustments',
  'notes',
] as const;

/** Every table of the contract: the practice's, then the audit trail and the addenda. */
export const CONTRACT_TABLES = [...PRACTICE_TABLES, 'audit_log', 'addenda'] as const;
