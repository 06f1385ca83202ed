// What a listing screen is, shared by the commands that build one and the terminal hand-off that
// works through it.
import type { IntegrationMode, OutcomeResult, Session, SessionClass, Verdict } from './types.js';

/** A session as a listing shows it: the row and what the rules said about it. */
export interface Listed {
  session: Session;
  verdict: Verdict;
}

export interface ListingPage {
  listed: Listed[];
  /** Said under the table, e.g. that the results were cut at --limit. */
  notice?: string;
}

/** What a screen shows and how it reaches the data; the commands build it, the hand-off only calls it. */
export interface ListingScreen {
  /** The heading above the table. */
  title(page: ListingPage): string;
  /** What to say when there is nothing to list. */
  empty: string;
  /** Several days in one list: show each session's date. */
  showDate: boolean;
  /** Offer to confirm several sessions at once (confirm-schedule). */
  confirmMany?: boolean;
  load(): Promise<ListingPage>;
  /**
   * One session as it is now, for the action menu, with the practice's today and its same-slot
   * twins; null when it no longer exists.
   */
  reload(id: number): Promise<{ listed: Listed; mode: IntegrationMode; today: string; twins: Session[] } | null>;
  cancellationClasses(): Promise<SessionClass[]>;
  /** Classes a reverted session may take: active, not cancellation classes. */
  revertClasses(): Promise<SessionClass[]>;
  /** Whether no audit row records the class the session had before its cancellation. */
  revertNeedsClass(id: number): Promise<boolean>;
  /** The shared actions, one transaction each. */
  cancel(id: number, sessionClass: SessionClass): Promise<OutcomeResult[]>;
  delete(id: number, reason: string | null): Promise<OutcomeResult[]>;
  confirm(ids: number[]): Promise<OutcomeResult[]>;
  uncancel(id: number, sessionClass: SessionClass | null): Promise<OutcomeResult[]>;
}

/** What a command says about its screen; the listing module adds the rest. */
export type ScreenBasics = Pick<ListingScreen, 'title' | 'empty' | 'showDate' | 'load' | 'confirmMany'>;
