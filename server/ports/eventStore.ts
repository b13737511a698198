import type { SessionEvent } from '../../shared/session/events.js';

export type AppendResult = { ok: true } | { ok: false; actualVersion: number };

/**
 * The session log. Each session is an append-only sequence of events numbered 1, 2, 3…
 * Appends are conditional (optimistic concurrency): they succeed only if the log is still at
 * `expectedVersion`, and then write all the events or none.
 */
export interface EventStore {
  append(sessionId: string, expectedVersion: number, events: readonly SessionEvent[]): Promise<AppendResult>;
  /** Events with a version greater than `afterVersion` (default 0: the whole log), in order. */
  read(sessionId: string, afterVersion?: number): Promise<SessionEvent[]>;
  /** Ids of every session in the store. */
  list(): Promise<string[]>;
  /**
   * Calls `listener` with events appended by anyone sharing this store (other processes included),
   * in version order per session. Returns an unsubscribe function.
   */
  subscribe(listener: (sessionId: string, events: SessionEvent[]) => void): () => void;
  /**
   * Optional: called when notifications may have been lost (e.g. the connection to a shared store came
   * back); listeners re-read the sessions they hold.
   */
  onReconnect?(listener: () => void): () => void;
  /**
   * Deletes a session's log and its place in the index (personal data: a session deleted on request).
   * Every handle sharing the store is told (`onDeleted`), so other processes forget it too.
   */
  delete(sessionId: string): Promise<void>;
  /** Optional: called for every session deleted through any handle of a shared store (this one included). */
  onDeleted?(listener: (sessionId: string) => void): () => void;
  close(): Promise<void>;
}
