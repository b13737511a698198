import type { HandKind, QueuePolicy } from './types.js';

/** Why a turn ended: its time ran out, a facilitator ended it, the speaker yielded, or the room changed. */
export type TurnEndReason = 'expired' | 'ended' | 'yielded' | 'dropped' | 'left' | 'phase' | 'session';

/** Why a hand went down: its owner lowered it, a facilitator removed it, or its owner left the group. */
export type HandLowerReason = 'lowered' | 'removed' | 'left';

/** Payloads of the speaking-queue events; merged into EventData (events.ts). */
export interface QueueEventData {
  'hand.raised': { groupId: string; memberId: string; kind: HandKind; seq: number };
  'hand.lowered': { groupId: string; memberId: string; reason: HandLowerReason };
  /** A facilitator placed entries by hand: `order` is the new head of the lane `kind`, pinned in that order. */
  'queue.moved': { groupId: string; kind: HandKind; order: string[] };
  'queue.cleared': { groupId: string };
  'queue.paused': { groupId: string; turn: { turnId: string; remainingMs: number; heldMs: number } | null };
  'queue.resumed': { groupId: string; turn: { turnId: string; endsAt: number; runningSince: number } | null };
  'queue.policy.set': { groupId: string; phaseId: string; policy: QueuePolicy };
  'queue.configured': { groupId: string; autoAdvance?: boolean | null; turnSec?: number | null };
  'turn.started': {
    groupId: string;
    turnId: string;
    memberId: string;
    kind: HandKind;
    startedAt: number;
    endsAt: number;
  };
  /** `endsAt` when the turn runs, `remainingMs` when it is paused (the other is null). */
  'turn.extended': {
    groupId: string;
    turnId: string;
    seconds: number;
    endsAt: number | null;
    remainingMs: number | null;
  };
  /**
   * No Palabre process was up from `downSince` (the last beat of one, ms since the epoch) for `downMs`: recorded
   * in every live session when the service comes back, whether or not a turn was running. The report lists it
   * and leaves it out of the phases' times; the turns running then get a `turn.interrupted` each.
   */
  'service.interrupted': { downSince: number; downMs: number };
  /**
   * A turn was running when every process went down. Held time counts up to `downSince` (the last moment a
   * process was known to be up); the `downMs` until the service came back are not speaking time; the turn runs
   * on from `runningSince` (the recovery) with the time it had left, so it now ends at `endsAt`.
   */
  'turn.interrupted': {
    groupId: string;
    turnId: string;
    downSince: number;
    downMs: number;
    heldMs: number;
    runningSince: number;
    endsAt: number;
  };
  /**
   * `heldMs`: the time the speaker actually held the floor, pauses and outages excluded, at most the time box
   * plus extensions. `downMs` (only when some): time of the turn when no process was up.
   */
  'turn.ended': {
    groupId: string;
    turnId: string;
    memberId: string;
    reason: TurnEndReason;
    heldMs: number;
    downMs?: number;
  };
}
