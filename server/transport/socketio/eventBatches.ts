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
  /** Longest a session's arrivals and departures wait for others, in ms (see {@link arrivalWindowMs}). */
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
 * Server CPU that one arrival message costs per socket it reaches, in ms: about 0.02 (encoding aside, a
 * websocket frame and a `writev` per socket; the batch pushes took 18.9 s of a 58 s V8 profile for 1.18
 * million socket messages during a ramp from 1,000 to 2,500 members, bench/RESULTS.md "Scale on one process").
 */
export const BROADCAST_MS_PER_SOCKET = 0.02;

/** Share of one core that the arrivals of one session may take while it grows, at most (below the cap): 10 %. */
export const BROADCAST_SHARE = 0.1;

/** The longest an arrival waits, in ms (2 s: reached at 10,000 sockets). */
export const MAX_ARRIVAL_WINDOW_MS = 2_000;

/**
 * The batching window for a session of `sockets` sockets on this process, in ms: long enough that one push
 * of what waits (a message to each of the `sockets`, {@link BROADCAST_MS_PER_SOCKET} each) takes at most
 * {@link BROADCAST_SHARE} of the window, so `sockets` × 0.2 ms (200 ms at 1,000 sockets), never less than
 * `baseMs` (small sessions: 20 ms up to 100 sockets), at most {@link MAX_ARRIVAL_WINDOW_MS}.
 *
 * Why it must grow with the room, and that fast: a window that holds less than one arrival sends each
 * arrival to every socket as its own message, so each join costs O(sockets) and slows the next joins down,
 * which makes windows hold fewer of them (a window of 20 ms × sockets / 1,000 did that from about 5,000
 * members: 63 ms of CPU per join at 5,000, 178 ms at 7,550). With the push bounded to a share of the window,
 * arrivals cost at most that share of a core whatever their pace, and a join's own cost no longer grows
 * with the arrivals announced.
 *
 * @param baseMs EVENT_BATCH_MS (ms); 0 turns batching off.
 * @param sockets the session's sockets on this process (all audiences).
 */
export function arrivalWindowMs(baseMs: number, sockets: number): number {
  if (baseMs <= 0) return 0;
  const bounded = Math.ceil((sockets * BROADCAST_MS_PER_SOCKET) / BROADCAST_SHARE);
  return Math.min(MAX_ARRIVAL_WINDOW_MS, Math.max(baseMs, bounded));
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
