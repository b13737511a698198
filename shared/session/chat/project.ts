import type { SessionEvent } from '../events.js';
import { PLENARY_ID } from '../phases/types.js';
import type { Role, SessionState } from '../types.js';

/**
 * A participant or observer reading the chat: who they are, their role and their group at the time of
 * reading. Facilitators read everything (project.ts does not call these functions for them).
 */
export interface ChatReader {
  id: string;
  role: Role;
  groupId: string;
}

/** `memberId` as a chat reader in `state` (undefined for an unknown member: they read like an observer). */
export function chatReaderOf(state: SessionState, memberId: string | undefined): ChatReader | undefined {
  const member = memberId === undefined ? undefined : state.members[memberId];
  return member ? { id: member.id, role: member.role, groupId: member.groupId } : undefined;
}

/**
 * The group whose `group` messages `reader` reads: a participant their own group's (the web client shows
 * them no other), an observer — or a reader nobody knows — the plenary's (the projector's chat).
 */
export function readableGroup(reader: ChatReader | undefined): string {
  return reader?.role === 'participant' ? reader.groupId : PLENARY_ID;
}

/** Whether `reader` may read a message of `channel` posted in `groupId` by `authorId`. */
function mayRead(
  reader: ChatReader | undefined,
  message: { channel: string; groupId: string; authorId: string; to?: string | undefined },
): boolean {
  if (message.channel === 'facilitators')
    return reader !== undefined && (message.authorId === reader.id || message.to === reader.id);
  return message.groupId === readableGroup(reader);
}

/**
 * The chat as a participant or observer (`reader`) may read it: the group messages of the group they read
 * (`readableGroup`; hidden ones have no text already), and of the private "ask the facilitators" channel
 * only their own messages and the facilitators' answers to them.
 */
export function projectChatState(state: SessionState, reader: ChatReader | undefined): SessionState {
  if (!state.chat?.some((m) => !mayRead(reader, m))) return state;
  return { ...state, chat: state.chat.filter((m) => mayRead(reader, m)) };
}

/**
 * A message `reader` may not read reaches them redacted: no author (in the data or the envelope's
 * `actor`), group nor text (see events.ts), so versions stay contiguous.
 */
export function projectChatEvent(event: SessionEvent, reader: ChatReader | undefined): SessionEvent {
  if (event.type !== 'chat.posted' || 'redacted' in event.data) return event;
  if (mayRead(reader, event.data)) return event;
  return {
    ...event,
    actor: '',
    data: { messageId: event.data.messageId, channel: event.data.channel, redacted: true },
  };
}

/**
 * Whether an event reads differently for different members of the public audience (per-reader fan-out):
 * every chat message (by group, or private to its author).
 */
export function isPrivateToSome(event: SessionEvent): boolean {
  return event.type === 'chat.posted';
}
