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

export interface BatchOptions {
  /** Longest a session's arrivals and departures wait for others, in ms, for a session of `sockets` sockets. */
  windowMs(sessionId: string): number;
}

/**
 * Events that only say who is here: they may wait a little to go out together. Everything else (a phase,
 * the floor, a vote, a removal) goes out at once, with whatever waits before it.
 */
export const ARRIVALS = new Set<SessionEvent['type']>([
  'member.joined',
  'member.connected',
  'member.disconnected',
  'member.renamed',
]);

/**
 * The batching window for a session of `sockets` sockets on this process: `baseMs` up to 1,000 sockets, then
 * growing with the room (each arrival is announced to every socket, so the messages a ramp of N members costs
 * grow as N²/window), capped at one second.
 *
 * @param baseMs EVENT_BATCH_MS (ms); 0 turns batching off.
 */
export function arrivalWindowMs(baseMs: number, sockets: number): number {
  if (baseMs <= 0) return 0;
  return Math.min(1_000, Math.round(baseMs * Math.max(1, sockets / 1_000)));
}

/**
 * Coalesces a session's arrivals and departures (see {@link ARRIVALS}) for a short window before they are
 * pushed, so that fifty members joining reach each socket as one message instead of fifty. An arrival costs a
 * message to every socket of the session and the cost is paid per socket and per message (a `writev` each;
 * bench/RESULTS.md, "Scale"), so a ramp of N members costs N² messages without batching. Any other event is
 * pushed at once, after whatever waits (order is kept, versions stay contiguous): steering is never delayed.
 * A client that got a snapshot while events waited skips the ones its snapshot already holds (by version).
 */
export function batchPerSession(push: PushEvents, options: BatchOptions): SessionEventBatches {
  const waiting = new Map<string, { events: SessionEvent[]; timer: NodeJS.Timeout | undefined }>();
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
      const entry = waiting.get(sessionId);
      if (!events.every((e) => ARRIVALS.has(e.type))) {
        if (!entry) return push(sessionId, events);
        entry.events.push(...events);
        return flush(sessionId);
      }
      if (entry) {
        entry.events.push(...events);
        return;
      }
      const windowMs = options.windowMs(sessionId);
      if (windowMs <= 0) return push(sessionId, events);
      waiting.set(sessionId, { events: [...events], timer: setTimeout(() => flush(sessionId), windowMs) });
    },
    flush,
    close: () => flush(),
  };
}
