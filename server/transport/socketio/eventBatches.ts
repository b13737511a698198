import type { SessionEvent } from '../../../shared/session/events.js';

/** Pushes one session's events to its sockets (one socket.io message per audience or viewer). */
export type PushEvents = (sessionId: string, events: SessionEvent[]) => void;

/** What {@link batchPerSession} returns: the store listener, and a way to push what waits at once. */
export interface SessionEventBatches {
  /** Give it every batch the store announces, in order. */
  add(sessionId: string, events: SessionEvent[]): void;
  /** Pushes what waits now: for one session (before telling its sockets something else), or for all. */
  flush(sessionId?: string): void;
  /** Drops the timers (what waits is pushed first). */
  close(): void;
}

/**
 * Coalesces a session's event batches for up to `windowMs` before pushing them, so that a burst (fifty
 * members joining, a facilitator's command and the reactions it triggers) reaches each socket as one
 * message instead of one per batch. The cost of a session event is paid per socket and per message
 * (a `writev` each; see bench/RESULTS.md, "Scale"): with N members joining, batching divides the
 * messages by the number of batches that fall in one window. Order is kept: batches are concatenated in
 * the order they came and versions stay contiguous. A client that got a snapshot while events waited
 * skips the ones its snapshot already holds (by version), as it does today.
 *
 * @param windowMs the longest an event waits before it is pushed (ms); 0 pushes every batch at once.
 */
export function batchPerSession(push: PushEvents, windowMs: number): SessionEventBatches {
  const waiting = new Map<string, { events: SessionEvent[]; timer: NodeJS.Timeout }>();
  const flush = (sessionId?: string) => {
    for (const id of sessionId === undefined ? [...waiting.keys()] : [sessionId]) {
      const entry = waiting.get(id);
      if (!entry) continue;
      waiting.delete(id);
      clearTimeout(entry.timer);
      push(id, entry.events);
    }
  };
  return {
    add(sessionId, events) {
      if (windowMs <= 0) return push(sessionId, events);
      const entry = waiting.get(sessionId);
      if (entry) {
        entry.events.push(...events);
        return;
      }
      waiting.set(sessionId, { events: [...events], timer: setTimeout(() => flush(sessionId), windowMs) });
    },
    flush,
    close: () => flush(),
  };
}
