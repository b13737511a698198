import type { ChatEventData } from './chat/events.js';
import type { InviteEventData } from './invites/events.js';
import type { DocumentEventData } from './documents/events.js';
import type { QueueEventData } from './floor/events.js';
import type { MemberEventData } from './members/events.js';
import type { OutcomeEventData } from './outcomes/events.js';
import type { PhaseEventData } from './phases/events.js';
import type { VoiceEventData } from './voice/events.js';

/**
 * Payload of each domain event, by type, gathered from the feature folders (`<feature>/events.ts`). Events
 * are facts, named in the past tense; the log is a sequence of these, wrapped in an envelope.
 */
export interface EventData
  extends
    MemberEventData,
    PhaseEventData,
    QueueEventData,
    OutcomeEventData,
    DocumentEventData,
    ChatEventData,
    InviteEventData,
    VoiceEventData {}

export type EventType = keyof EventData;

/** An event as `decide` produces it, before the service stamps it into the log. */
export type NewEvent = { [K in EventType]: { type: K; data: EventData[K] } }[EventType];

/** An event as stored in the log. */
export type SessionEvent = NewEvent & {
  /** Version of the session after this event (1 for `session.created`). */
  v: number;
  /** Server time (ms since epoch) when the event was appended. */
  at: number;
  /** Member id, `system` or `admin`. */
  actor: string;
  /** Hash of the previous event (empty string for the first one). */
  prev: string;
  /** sha256 over prev and this event's content; see server/core/hashChain.ts. */
  hash: string;
  /**
   * Set on events that carry personal data (a name, attributes): salted commitments to those values, which
   * the hash covers instead of the values themselves, so a member can be erased and the log still verifies
   * (server/core/personalData.ts).
   */
  personal?: { ref: string; commitments: Record<string, string> };
};

export type EventOf<K extends EventType> = Extract<SessionEvent, { type: K }>;

export function newEvent<K extends EventType>(type: K, data: EventData[K]): NewEvent {
  return { type, data } as NewEvent;
}

/**
 * Event types renamed since logs were first written, and their names now. A stored event keeps the name it
 * was hashed with (so old logs still verify); `evolve` and `projectEvent` read it under its current name.
 */
export const RENAMED_EVENT_TYPES = {
  'agenda.set': 'agenda.changed',
  'editing.set': 'editing.changed',
  'ballot.cast': 'ballot.recorded',
} as const satisfies Record<string, EventType>;

/** An event of a log written before a rename, read under the current name (the stored one is kept). */
export function currentEventType(type: string): EventType {
  return (RENAMED_EVENT_TYPES as Record<string, EventType>)[type] ?? (type as EventType);
}
