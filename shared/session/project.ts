import { chatReaderOf, projectChatEvent, projectChatState } from './chat/project.js';
import type { ChatReader } from './chat/project.js';
import { projectDocumentEvent } from './documents/project.js';
import { currentEventType } from './events.js';
import { projectInviteEvent, projectInviteState } from './invites/project.js';
import type { SessionEvent } from './events.js';
import { projectMemberEvent, projectMemberState } from './members/project.js';
import { projectOutcomeEvent, projectOutcomeState } from './outcomes/project.js';
import type { Role, SessionState } from './types.js';

/**
 * What each role may see (each feature folder projects its own data, `<feature>/project.ts`). Facilitators see everything; participants and observers see the public picture:
 * everything but private data (member attributes used for draws, the list of invite links). Both the snapshot and every event go
 * through here, so that evolve(project(s), projectEvent(e)) equals project(evolve(s, e)).
 */
export type Audience = 'facilitators' | 'public';

export function audienceOf(role: Role): Audience {
  return role === 'facilitator' ? 'facilitators' : 'public';
}

export const AUDIENCES: readonly Audience[] = ['facilitators', 'public'];

/**
 * The state as `audience` may see it. `viewerId` is the member reading it (looked up in `state.members`): a
 * participant reads their own group's chat and their own messages to the facilitators, an observer the
 * plenary's chat (without a known viewer, the plenary's chat and no private message; see chat/project.ts).
 */
export function project(state: SessionState, audience: Audience, viewerId?: string): SessionState {
  if (audience === 'facilitators') return state;
  return projectChatState(
    projectInviteState(projectOutcomeState(projectMemberState(state))),
    chatReaderOf(state, viewerId),
  );
}

/**
 * One event as `audience` may see it; a chat message as `reader` (the member receiving it, with their group
 * at that moment: `chatReaderOf`) may read it.
 */
export function projectEvent(event: SessionEvent, audience: Audience, reader?: ChatReader): SessionEvent {
  if (audience === 'facilitators') return event;
  if (event.type === 'chat.posted') return projectChatEvent(event, reader);
  if (event.type === 'invite.issued') return projectInviteEvent(event);
  // Events of logs written before a rename are projected under their current name (keeping their own).
  const type = currentEventType(event.type);
  const read = type === event.type ? event : ({ ...event, type } as SessionEvent);
  const projected = projectOutcomeEvent(projectDocumentEvent(projectMemberEvent(read)));
  return projected === read ? event : ({ ...projected, type: event.type } as SessionEvent);
}
