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
  load(): Promise<ListingPage>;
  /** One session as it is now, for the action menu; null when it no longer exists. */
  reload(id: number): Promise<{ listed: Listed; mode: IntegrationMode } | null>;
  cancellationClasses(): Promise<SessionClass[]>;
  /** The shared actions, one session in one transaction. */
  cancel(id: number, sessionClass: SessionClass): Promise<OutcomeResult[]>;
  delete(id: number): Promise<OutcomeResult[]>;
}

/** What a command says about its screen; the listing module adds the rest. */
export type ScreenBasics = Pick<ListingScreen, 'title' | 'empty' | 'showDate' | 'load'>;
