import { chatEvolvers } from './chat/evolve.js';
import { inviteEvolvers } from './invites/evolve.js';
import { documentEvolvers } from './documents/evolve.js';
import { currentEventType } from './events.js';
import type { EventOf, EventType, SessionEvent } from './events.js';
import { queueEvolvers } from './floor/evolve.js';
import { memberEvolvers } from './members/evolve.js';
import { outcomeEvolvers } from './outcomes/evolve.js';
import { phaseEvolvers } from './phases/evolve.js';
import type { SessionState } from './types.js';
import { inBatch } from './transient.js';
import { voiceEvolvers } from './voice/evolve.js';

/**
 * evolve(state, event) → state. Pure and total: every event that `decide` emitted applies. States are
 * treated as immutable; only the touched paths are copied, so replaying a long log stays linear. Each
 * feature folder defines the evolvers of its events (`<feature>/evolve.ts`); this is their table.
 */
export type Evolver<K extends EventType> = (state: SessionState, event: EventOf<K>) => SessionState;
export type Evolvers<K extends EventType> = { [P in K]: Evolver<P> };

const evolvers: Evolvers<EventType> = {
  ...memberEvolvers,
  ...phaseEvolvers,
  ...outcomeEvolvers,
  ...queueEvolvers,
  ...documentEvolvers,
  ...chatEvolvers,
  ...inviteEvolvers,
  ...voiceEvolvers,
};

export function evolve(state: SessionState | undefined, event: SessionEvent): SessionState {
  if (state === undefined && event.type !== 'session.created') {
    throw new Error(`a session log must start with session.created, not ${event.type}`);
  }
  // An event of a log written before a rename is read under its current name (it keeps its stored one).
  const type = currentEventType(event.type);
  const evolver = evolvers[type] as Evolver<EventType>;
  const read = type === event.type ? event : ({ ...event, type } as SessionEvent);
  const next = evolver(state as SessionState, read as EventOf<EventType>);
  return { ...next, version: event.v, headHash: event.hash };
}

export function replay(events: readonly SessionEvent[], from?: SessionState): SessionState | undefined {
  return inBatch(() => {
    let state = from;
    for (const event of events) state = evolve(state, event);
    return state;
  });
}
