/**
 * The speaking queue of one group: who waits for the floor, who holds it, and how much each member has
 * spoken there. Plain data kept in `Group.queue`, changed only by the queue events (see evolve.ts here).
 */

/** A normal turn, a direct reply to the current speaker (a short turn), or a point of order (goes first). */
export const HAND_KINDS = ['normal', 'reply', 'order'] as const;
export type HandKind = (typeof HAND_KINDS)[number];

/**
 * How the normal lane is ordered: first come first served; least speaking time (in this group) first;
 * members who have not spoken yet first. Ties keep arrival order.
 */
export const QUEUE_POLICIES = ['fcfs', 'least-time', 'first-time'] as const;
export type QueuePolicy = (typeof QUEUE_POLICIES)[number];

export interface QueueEntry {
  memberId: string;
  kind: HandKind;
  /** Arrival number in this group's queue (strictly increasing): the tie-breaker of every policy. */
  seq: number;
  raisedAt: number;
  /** Set when a facilitator placed this entry by hand: pinned entries lead their lane, in pin order. */
  pin: number | null;
}

export interface Turn {
  turnId: string;
  memberId: string;
  kind: HandKind;
  startedAt: number;
  /** Planned end in server time while the turn runs; null while the queue is paused. */
  endsAt: number | null;
  /** Time left while paused; null while the turn runs. */
  remainingMs: number | null;
  /** Time held before the current running stretch (pauses excluded). */
  heldMs: number;
  /** Start of the current running stretch; null while paused. */
  runningSince: number | null;
  /** Time during this turn when no Palabre process was up (an outage), in ms: not speaking time. */
  downMs: number;
}

export interface GroupQueue {
  /** Raised hands in arrival order; `queueOrder` gives the order in which they get the floor. */
  entries: QueueEntry[];
  nextSeq: number;
  turn: Turn | null;
  /** A paused queue gives no floor by itself, and a paused turn keeps its remaining time. */
  paused: boolean;
  /** A facilitator's policy for one phase; other phases use the session's policy. */
  policy: { phaseId: string; policy: QueuePolicy } | null;
  /** Group overrides of the session settings; null means "use the session setting". */
  autoAdvance: boolean | null;
  turnSec: number | null;
  /** Time each member actually held the floor in this group (ended turns, pauses excluded), in ms. */
  spokenMs: Record<string, number>;
  /** Turns each member has held in this group. */
  turnCounts: Record<string, number>;
}

export function emptyQueue(): GroupQueue {
  return {
    entries: [],
    nextSeq: 1,
    turn: null,
    paused: false,
    policy: null,
    autoAdvance: null,
    turnSec: null,
    spokenMs: {},
    turnCounts: {},
  };
}

export const SPEAKING_LIMITS = {
  turnMinSec: 1,
  /** No single turn, extensions included, holds the floor for more than an hour. */
  turnMaxSec: 3600,
  /** One extension adds at most ten minutes: anything more is a new phase, not a longer turn. */
  extendMaxSec: 600,
} as const;

/**
 * Session-wide speaking settings, part of SessionSettings (each optional: old logs lack them). Their zod
 * schema is in schemas.ts: this file stays free of zod because browsers load it (bundle size).
 */
export interface SpeakingSettings {
  /** Ordering of the normal lane, unless a facilitator changes it for a phase. */
  queuePolicy: QueuePolicy;
  /** Length of a normal turn when the phase gives none. */
  turnSec: number;
  /** Length of a direct reply. */
  replySec: number;
  /** Give the floor to the next in line when a turn ends. */
  autoAdvance: boolean;
  /** What happens to the floor when the speaker's last connection drops: keep it until expiry, or end it. */
  speakerDrop: 'keep' | 'end';
}

/**
 * Defaults: first come first served (what people expect unless told otherwise); 2-minute turns and
 * 30-second replies (common practice in facilitated debates); auto-advance on, so the floor never sits
 * idle; a dropped speaker keeps the floor (a flaky connection should not cost anyone their turn).
 */
export const DEFAULT_SPEAKING: SpeakingSettings = {
  queuePolicy: 'fcfs',
  turnSec: 120,
  replySec: 30,
  autoAdvance: true,
  speakerDrop: 'keep',
};

export function speakingSettings(settings: Partial<SpeakingSettings>): SpeakingSettings {
  const out = { ...DEFAULT_SPEAKING };
  for (const key of Object.keys(DEFAULT_SPEAKING) as (keyof SpeakingSettings)[]) {
    if (settings[key] !== undefined) (out as Record<string, unknown>)[key] = settings[key];
  }
  return out;
}
