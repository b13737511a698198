import type { Member, SessionState } from '../types.js';
import type { FloorMode } from './types.js';

/**
 * Who may be heard, and who listens, in each group's audio room: the one rule that both the server (which
 * refuses signalling and tells the SFU who may publish) and honest clients (which publish only when allowed
 * and refuse to play anyone else) apply to the same session state. Pure.
 *
 * In a group G (open, in a session that has not ended), these may be heard:
 * - the member holding the floor in G, while the turn runs (a paused turn is silent);
 * - facilitators whose group is G and whose microphone is on (`microphone.set`);
 * - every participant of G while G's floor mode is `open` and the session is live.
 * Observers never; removed members never. Everyone whose group is G listens to G, observers included.
 */

/** A group's floor mode (`queue` unless a facilitator opened the discussion). */
export function floorMode(state: SessionState, groupId: string): FloorMode {
  return state.voice?.floorModes[groupId] ?? 'queue';
}

function present(member: Member | undefined): member is Member {
  return member !== undefined && !member.removed;
}

/** Ids of the members who may be heard in `groupId` now: floor holder first, then in join order. Empty when none. */
export function audibleIn(state: SessionState, groupId: string): string[] {
  const group = state.groups[groupId];
  if (!group || group.status !== 'open' || state.status === 'ended') return [];
  const out: string[] = [];
  const turn = group.queue.turn;
  if (turn && turn.runningSince !== null) {
    const speaker = state.members[turn.memberId];
    if (present(speaker) && speaker.groupId === groupId && speaker.role !== 'observer') out.push(speaker.id);
  }
  const open = floorMode(state, groupId) === 'open' && state.status === 'live';
  const microphones = state.voice?.microphones ?? {};
  for (const member of Object.values(state.members)) {
    if (!present(member) || member.groupId !== groupId || out.includes(member.id)) continue;
    if (member.role === 'facilitator' && microphones[member.id] === true) out.push(member.id);
    else if (member.role === 'participant' && open) out.push(member.id);
  }
  return out;
}

/** Whether `memberId` may be heard now, in their own group (the only room they publish to). */
export function mayBeHeard(state: SessionState, memberId: string): boolean {
  const member = state.members[memberId];
  if (!present(member) || member.role === 'observer') return false;
  return audibleIn(state, member.groupId).includes(memberId);
}

/** Ids of the members who listen to `groupId`: everyone present whose group it is, whatever their role. */
export function listenersOf(state: SessionState, groupId: string): string[] {
  return Object.values(state.members)
    .filter((m) => present(m) && m.groupId === groupId)
    .map((m) => m.id);
}

/** The room a member hears (their group), or null when they are not a present member. */
export function roomOf(state: SessionState, memberId: string): string | null {
  const member = state.members[memberId];
  return present(member) ? member.groupId : null;
}
