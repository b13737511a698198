import type { SessionStatus } from '../../shared/session/types.js';

/** What lists need of a session, without loading its log. */
export interface SessionSummary {
  id: string;
  title: string;
  status: SessionStatus;
  /** ms since epoch. */
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
}

/** One page of sessions, newest first, and the cursor of the next page (null on the last one). */
export interface SessionPage {
  sessions: SessionSummary[];
  next: string | null;
}

/**
 * An index of the sessions a store holds: their summaries, the ones not ended (what start-up arms and
 * reconciles), and pages of them for the organisers' list. Kept by the session service on every lifecycle
 * change, so that nothing needs to read every log to find the live sessions: a city keeps years of forums,
 * and start-up must not grow with them.
 */
export interface SessionCatalog {
  /** Records (or replaces) a session's summary. */
  put(summary: SessionSummary): Promise<void>;
  /** Records many summaries at once (the one-time backfill): one write where the adapter can. */
  putMany(summaries: readonly SessionSummary[]): Promise<void>;
  get(id: string): Promise<SessionSummary | undefined>;
  /** Ids of the sessions that are scheduled or live. */
  active(): Promise<string[]>;
  /** Sessions newest first (by creation time, then id), optionally of one status; `limit` at most 500. */
  page(options: {
    status?: SessionStatus | undefined;
    cursor?: string | undefined;
    limit: number;
  }): Promise<SessionPage>;
  /** How many sessions the catalog knows. */
  size(): Promise<number>;
  /** Forgets a session (deleted). */
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}

/** Orders summaries newest first; the cursor of a page is the last summary's `<createdAt>:<id>`. */
export function newestFirst(a: SessionSummary, b: SessionSummary): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export const cursorOf = (s: SessionSummary) => `${s.createdAt}:${s.id}`;

/** Whether `s` comes after the cursor in newest-first order. */
export function afterCursor(s: SessionSummary, cursor: string | undefined): boolean {
  if (!cursor) return true;
  const colon = cursor.indexOf(':');
  const at = Number(cursor.slice(0, colon));
  const id = cursor.slice(colon + 1);
  return s.createdAt < at || (s.createdAt === at && s.id < id);
}

/** Pages a list of summaries the way every adapter must (the memory and file adapters use it as is). */
export function pageOf(
  all: Iterable<SessionSummary>,
  options: { status?: SessionStatus | undefined; cursor?: string | undefined; limit: number },
): SessionPage {
  const limit = Math.max(1, Math.min(500, options.limit));
  const sorted = [...all]
    .filter((s) => (options.status ? s.status === options.status : true) && afterCursor(s, options.cursor))
    .sort(newestFirst);
  const sessions = sorted.slice(0, limit);
  return { sessions, next: sorted.length > limit ? cursorOf(sessions.at(-1)!) : null };
}
