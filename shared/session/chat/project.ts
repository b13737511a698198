import type { SessionEvent } from '../events.js';
import type { SessionState } from '../types.js';

/**
 * The chat as a participant or observer (`viewerId`) may read it: every group message (hidden ones have no
 * text already), and of the private "ask the facilitators" channel only the viewer's own messages.
 * Facilitators read everything (project.ts does not call this for them).
 */
export function projectChatState(state: SessionState, viewerId: string | undefined): SessionState {
  if (!state.chat?.some((m) => m.channel === 'facilitators' && m.authorId !== viewerId)) return state;
  return {
    ...state,
    chat: state.chat.filter((m) => m.channel !== 'facilitators' || m.authorId === viewerId),
  };
}

/**
 * A private message reaches others than its author redacted: no author (in the data or the envelope's
 * `actor`), group nor text (see events.ts).
 */
export function projectChatEvent(event: SessionEvent, viewerId: string | undefined): SessionEvent {
  if (event.type !== 'chat.posted' || 'redacted' in event.data) return event;
  if (event.data.channel !== 'facilitators' || event.data.authorId === viewerId) return event;
  return {
    ...event,
    actor: '',
    data: { messageId: event.data.messageId, channel: 'facilitators', redacted: true },
  };
}

/** Whether an event reads differently for different members of the public audience (per-reader fan-out). */
export function isPrivateToSome(event: SessionEvent): boolean {
  return event.type === 'chat.posted' && event.data.channel === 'facilitators';
}
