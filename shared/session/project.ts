import type { SessionEvent } from './events.js';
import type { Role, SessionState } from './types.js';

/**
 * What each role may see. Facilitators see everything; participants and observers see the public picture:
 * everything but private data (member attributes used for draws). Both the snapshot and every event go
 * through here, so that evolve(project(s), projectEvent(e)) equals project(evolve(s, e)).
 */
export type Audience = 'facilitators' | 'public';

export function audienceOf(role: Role): Audience {
  return role === 'facilitator' ? 'facilitators' : 'public';
}

export const AUDIENCES: readonly Audience[] = ['facilitators', 'public'];

export function project(state: SessionState, audience: Audience): SessionState {
  if (audience === 'facilitators') return state;
  const members: SessionState['members'] = {};
  for (const [id, member] of Object.entries(state.members)) members[id] = { ...member, attributes: {} };
  return { ...state, members };
}

export function projectEvent(event: SessionEvent, audience: Audience): SessionEvent {
  if (audience === 'facilitators') return event;
  if (event.type === 'member.joined') return { ...event, data: { ...event.data, attributes: {} } };
  if (event.type === 'document.versioned') {
    // The recorded document is for facilitators (versions API); the public gets its metadata.
    const { update: _update, ...data } = event.data;
    return { ...event, data };
  }
  return event;
}
