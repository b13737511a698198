import type { Turn } from '../../shared/session/floor/types.js';

/**
 * Countdowns of speaking turns, rendered locally from the turn's server-time `endsAt` and the measured
 * clock offset (`client.serverNow()`): nothing ticks over the network.
 */
export interface TurnClock {
  /** Milliseconds left, never negative; null when nobody has the floor. */
  remainingMs: number | null;
  paused: boolean;
}

export function turnClock(turn: Turn | null | undefined, serverNow: number): TurnClock {
  if (!turn) return { remainingMs: null, paused: false };
  if (turn.endsAt === null) return { remainingMs: turn.remainingMs ?? 0, paused: true };
  return { remainingMs: Math.max(0, turn.endsAt - serverNow), paused: false };
}

/**
 * Calls `render` every `intervalMs` (and at once) with the countdown of whatever turn `currentTurn`
 * returns at that moment. Returns a function that stops it.
 */
export function startCountdown(
  currentTurn: () => Turn | null | undefined,
  serverNow: () => number,
  render: (clock: TurnClock) => void,
  intervalMs = 250,
): () => void {
  const tick = () => render(turnClock(currentTurn(), serverNow()));
  tick();
  const timer = setInterval(tick, intervalMs);
  return () => clearInterval(timer);
}
