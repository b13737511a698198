import { newEvent } from '../events.js';
import type { NewEvent } from '../events.js';
import type { Group, SessionState } from '../types.js';
import type { TurnEndReason } from './events.js';
import { queueOrder } from './order.js';
import type { HandKind, Turn } from './types.js';
import { speakingSettings } from './types.js';

/** Helpers shared by the queue commands and the queue effects: pure functions from state to events. */

/** Whether the group's current phase opens the queue. */
export function queueIsOpen(state: SessionState, group: Group): boolean {
  if (group.status !== 'open' || !group.phase) return false;
  const phase = state.agenda.find((p) => p.id === group.phase?.phaseId);
  return phase?.capabilities.queue === true;
}

/** Turn length in ms: replies are short; normal turns take the group's, then the phase's, then the session's. */
export function turnLengthMs(state: SessionState, group: Group, kind: HandKind): number {
  const settings = speakingSettings(state.settings);
  if (kind === 'reply') return settings.replySec * 1000;
  const phase = state.agenda.find((p) => p.id === group.phase?.phaseId);
  return (group.queue.turnSec ?? phase?.turnSec ?? settings.turnSec) * 1000;
}

export function autoAdvanceOn(state: SessionState, group: Group): boolean {
  return group.queue.autoAdvance ?? speakingSettings(state.settings).autoAdvance;
}

/**
 * Time the speaker has held the floor up to `now`, in ms: the running stretches the log records, pauses
 * excluded, and never past `endsAt`. A turn ends at its time box plus extensions, whenever its `turn.expire`
 * lands: an expiry issued late (a busy process, or a process that was down and expires the turn as it comes
 * back) records the time box, not the wall-clock time since the turn started.
 */
export function heldMs(turn: Turn, now: number): number {
  if (turn.runningSince === null) return turn.heldMs;
  const until = Math.min(now, turn.endsAt ?? now);
  return turn.heldMs + Math.max(0, until - turn.runningSince);
}

/** Time left in the turn at `now` (never negative). */
export function remainingMs(turn: Turn, now: number): number {
  if (turn.remainingMs !== null) return turn.remainingMs;
  return Math.max(0, (turn.endsAt ?? now) - now);
}

export function endTurn(group: Group, now: number, reason: TurnEndReason): NewEvent[] {
  const turn = group.queue.turn;
  if (!turn) return [];
  return [
    newEvent('turn.ended', {
      groupId: group.id,
      turnId: turn.turnId,
      memberId: turn.memberId,
      reason,
      heldMs: heldMs(turn, now),
      ...(turn.downMs > 0 ? { downMs: turn.downMs } : {}),
    }),
  ];
}

export function startTurn(
  state: SessionState,
  group: Group,
  memberId: string,
  kind: HandKind,
  now: number,
  newId: (prefix: string) => string,
): NewEvent {
  return newEvent('turn.started', {
    groupId: group.id,
    turnId: newId('t'),
    memberId,
    kind,
    startedAt: now,
    endsAt: now + turnLengthMs(state, group, kind),
  });
}

/**
 * What follows the end of a turn: the next in line gets the floor when auto-advance is on, the queue is
 * not paused and someone waits. `state` is the state before the turn ended (the queue is the same).
 */
export function advance(
  state: SessionState,
  group: Group,
  now: number,
  newId: (prefix: string) => string,
): NewEvent[] {
  if (!autoAdvanceOn(state, group) || group.queue.paused || !queueIsOpen(state, group)) return [];
  const [next] = queueOrder(state, group.id);
  if (!next) return [];
  return [startTurn(state, group, next.memberId, next.kind, now, newId)];
}
