import type { SessionEvent } from '../events.js';
import type { SessionState } from '../types.js';

type Member = SessionState['members'][string];

/**
 * Each member record's public view, kept while the record lives. Records are immutable (an event that
 * changes a member makes a new record), so a snapshot of a large session reuses the views of the members
 * that did not change since the last one instead of copying every record again.
 */
const publicViews = new WeakMap<Member, Member>();

/**
 * A member as participants and observers see them: without their private attributes (used for stratified
 * draws). The same object for as long as the record lives.
 */
export function publicMember(member: Member): Member {
  let view = publicViews.get(member);
  if (!view) {
    view = { ...member, attributes: {} };
    publicViews.set(member, view);
  }
  return view;
}

/** The public view of members: their private attributes (used for stratified draws) are left out. */
export function projectMemberState(state: SessionState): SessionState {
  const members: SessionState['members'] = {};
  for (const id in state.members) members[id] = publicMember(state.members[id]!);
  return { ...state, members };
}

export function projectMemberEvent(event: SessionEvent): SessionEvent {
  if (event.type === 'member.joined') return { ...event, data: { ...event.data, attributes: {} } };
  return event;
}
