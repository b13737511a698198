import type { SessionEvent } from '../events.js';
import type { SessionState } from '../types.js';

/** The public view of members: their private attributes (used for stratified draws) are left out. */
export function projectMemberState(state: SessionState): SessionState {
  const members: SessionState['members'] = {};
  for (const [id, member] of Object.entries(state.members)) members[id] = { ...member, attributes: {} };
  return { ...state, members };
}

export function projectMemberEvent(event: SessionEvent): SessionEvent {
  if (event.type === 'member.joined') return { ...event, data: { ...event.data, attributes: {} } };
  return event;
}
