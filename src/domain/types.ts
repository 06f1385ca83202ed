// Types shared by every layer. Plain data only: no behaviour, no I/O.

export type Engine = 'sqlite' | 'pg';
export type IntegrationMode = 'standalone' | 'webpt';
export const INTEGRATION_MODES: readonly IntegrationMode[] = ['standalone', 'webpt'];

export type SessionStatus = 'scheduled' | 'confirmed' | 'cancelled';
export const SESSION_STATUSES: readonly SessionStatus[] = ['scheduled', 'confirmed', 'cancelled'];

export type NoteStatus = 'draft' | 'finalized';

/** What the rules need to know about one session's attached rows: counts only. */
export interface SessionFacts {
  claims: number;
  payments: number;
  adjustments: number;
  finalizedNotes: number;
  draftNotes: number;
  charges: number;
}

/** A session as the screens, commands and actions see it, with names resolved and facts attached. */
export interface Session {
  id: number;
  date: string;
  start: string;
  durationMinutes: number;
  status: SessionStatus;
  patient: { id: number; name: string; chartNumber: string | null };
  provider: { id: number; name: string };
  location: { id: number; name: string } | null;
  sessionClass: { id: number; name: string } | null;
  confirmedAt: string | null;
  cancelledAt: string | null;
  createdAt: string;
  facts: SessionFacts;
  /**
   * Other sessions, not cancelled, with the same patient, provider, date and start time: what a
   * revert of this one's cancellation would duplicate. Present where it was loaded (listings,
   * explain, the corrections); absent means not looked up.
   */
  twins?: number[];
}

/** Settings and circumstances that the rules depend on, the same for every session of one run. */
export interface RuleContext {
  integrationMode: IntegrationMode;
  readOnly: boolean;
  cancellationClassAvailable: boolean;
  /** The practice's today (YYYY-MM-DD, in its time zone): what "future" means to the rules. */
  today: string;
}

export type DeleteReasonCode =
  | 'BILLED_TO_INSURANCE'
  | 'PAYMENTS_POSTED'
  | 'ADJUSTMENTS_POSTED'
  | 'FINALIZED_NOTE'
  | 'READ_ONLY';
export type CancelReasonCode = 'ALREADY_CANCELLED' | 'NO_CANCELLATION_CLASS' | 'READ_ONLY';
/** The bulk clean-up's own refusal: the group changed between the scan and the delete. */
export type DuplicateReasonCode = 'NO_LONGER_DUPLICATE';
/** The database refused a delete that the rules allow: a row they do not know of still points at the session. */
export type ReferenceReasonCode = 'STILL_REFERENCED';
/** CONTRACT §4.1: Confirm, Revert Cancellation and Restore. */
export type ConfirmReasonCode = 'ALREADY_CONFIRMED' | 'SESSION_CANCELLED' | 'NOT_YET_HELD' | 'READ_ONLY';
export type UncancelReasonCode = 'NOT_CANCELLED' | 'WOULD_DUPLICATE' | 'READ_ONLY';
export type RestoreReasonCode = 'SESSION_EXISTS' | 'WOULD_DUPLICATE' | 'MISSING_REFERENCE' | 'READ_ONLY';
export type ReasonCode =
  | DeleteReasonCode
  | CancelReasonCode
  | DuplicateReasonCode
  | ReferenceReasonCode
  | ConfirmReasonCode
  | UncancelReasonCode
  | RestoreReasonCode;

/** Not a refusal: the change was made (or would be), and something else must be done about it. */
export type WarningCode = 'CORRECTED_CLAIM_NEEDED' | 'ADDENDUM_ALREADY_COMPLETED';

export interface Warning {
  code: WarningCode;
  message: string;
}

export interface Reason {
  code: ReasonCode;
  /** What blocks the action, in words an administrator understands. */
  message: string;
  /** What to do about it, when anything can be done. */
  remedy: string | null;
  /** The exact command that applies the remedy, when one exists. */
  command: string | null;
}

export interface ActionVerdict {
  allowed: boolean;
  reasons: Reason[];
}

export interface Verdict {
  delete: ActionVerdict;
  cancel: ActionVerdict;
  confirm: ActionVerdict;
  uncancel: ActionVerdict;
}

export type ActionName = 'delete' | 'cancel' | 'confirm' | 'uncancel';

export type Outcome =
  | 'deleted'
  | 'cancelled'
  | 'confirmed'
  | 'uncancelled'
  | 'restored'
  | 'removed'
  | 'would-delete'
  | 'would-cancel'
  | 'would-confirm'
  | 'would-uncancel'
  | 'would-restore'
  | 'would-remove'
  | 'blocked'
  | 'not-found';

/** Who removed a session and when, from its latest session.delete audit row. */
export interface Deletion {
  auditId: number;
  at: string;
  actor: string;
}

export interface OutcomeResult {
  id: number;
  outcome: Outcome;
  reasons: Reason[];
  /** The session as it was before the change (absent when not found). */
  session?: Session;
  /** In webpt mode, the addendum now owed for a deleted session. */
  addendumId?: number;
  /** What the id names when it is not a session (charges remove): "charge 12". */
  subject?: string;
  /** Done, but something else is owed (a corrected claim, an addendum already in WebPT). */
  warnings?: Warning[];
  /** A session id that is not found because it was deleted: who did it and when. */
  deletion?: Deletion;
  /** What to say of a not-found id when it is not "no such session" (restore: no deletion logged). */
  notFound?: string;
}

export interface SessionClass {
  id: number;
  name: string;
  isCancellation: boolean;
  active: boolean;
}

/**
 * Every action the audit trail records, as `audit --action` accepts them (or their families, the part
 * before the dot). A new action is added here with the code that writes it.
 */
export const AUDIT_ACTIONS = [
  'session.delete',
  'session.cancel',
  'session.confirm',
  'session.uncancel',
  'session.restore',
  'payment.remove',
  'adjustment.remove',
  'charge.remove',
  'class.add',
  'class.deactivate',
  'class.reactivate',
  'addendum.complete',
  'settings.set',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
