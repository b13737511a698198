import type { QueueEventData } from './queue/events.js';
import type { DocumentVersion, EditingMode, Phase, Role, SessionSettings } from './types.js';

/** Payload of each domain event, by type. The log is a sequence of these, wrapped in an envelope. */
export interface EventData extends QueueEventData {
  'session.created': {
    id: string;
    title: string;
    locale: string;
    agenda: Phase[];
    settings: SessionSettings;
  };
  'session.started': Record<string, never>;
  'session.ended': Record<string, never>;
  'settings.changed': Partial<SessionSettings>;
  'agenda.set': { agenda: Phase[] };
  'member.joined': {
    memberId: string;
    name: string;
    role: Role;
    groupId: string;
    attributes: Record<string, string>;
  };
  'member.renamed': { memberId: string; name: string };
  'member.removed': { memberId: string };
  'member.moved': { memberId: string; groupId: string };
  'group.created': { groupId: string; name: string };
  'group.renamed': { groupId: string; name: string };
  'group.closed': { groupId: string };
  'phase.started': { groupId: string; phaseId: string; startedAt: number; plannedEndAt: number };
  'phase.ended': { groupId: string };
  'announcement.made': { id: string; text: string };
  'editing.set': { groupId: string; mode: EditingMode };
  /** A snapshot of a group's document; `update` (base64 Yjs update) is stripped for the public audience. */
  'document.versioned': DocumentVersion & { groupId: string; update?: string };
}

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
};

export type EventOf<K extends EventType> = Extract<SessionEvent, { type: K }>;

export function newEvent<K extends EventType>(type: K, data: EventData[K]): NewEvent {
  return { type, data } as NewEvent;
}
