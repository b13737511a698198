/** What the sender of a turn command saw: the turn running in a group (see phases/expectations.ts). */
import { refuse } from '../decision.js';
import type { Decision } from '../decision.js';
import type { Group, SessionState } from '../types.js';

/** The turn a client showing `state` sees in a group (null when nobody has the floor). Pass it as `turnId`. */
export function seenTurnId(state: SessionState, groupId: string): string | null {
  return state.groups[groupId]?.queue.turn?.turnId ?? null;
}

/**
 * Checks the `turnId` a turn command carries against the group's current turn (null: nobody had the floor).
 * Refused with `conflict` when the turn the sender saw has ended or another one started.
 */
export function checkSeenTurn(state: SessionState, group: Group, seen: string | null): Decision | null {
  const turn = group.queue.turn;
  if ((turn?.turnId ?? null) === seen) return null;
  const who = turn ? (state.members[turn.memberId]?.name ?? 'someone') : null;
  if (seen === null) {
    return refuse('conflict', `${who} has the floor in "${group.name}" now; nothing was done`);
  }
  return refuse(
    'conflict',
    who
      ? `that turn is over: ${who} has the floor in "${group.name}" now; nothing was done`
      : `that turn is over and nobody has the floor in "${group.name}"; nothing was done`,
  );
}
