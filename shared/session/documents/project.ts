import type { SessionEvent } from '../events.js';

/** The public view of documents: a recorded version's Yjs bytes are for facilitators (versions API). */
export function projectDocumentEvent(event: SessionEvent): SessionEvent {
  if (event.type !== 'document.versioned') return event;
  const { update: _update, ...data } = event.data;
  return { ...event, data };
}
