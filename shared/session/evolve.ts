import { documentEvolvers } from './documents.js';
import type { EventOf, EventType, SessionEvent } from './events.js';
import type { Group, SessionState } from './types.js';
import { PLENARY_ID } from './types.js';
import { queueEvolvers } from './queue/evolve.js';
import { inBatch } from './transient.js';
import { emptyQueue } from './queue/types.js';

/**
 * evolve(state, event) → state. Pure and total: every event that `decide` emitted applies. States are
 * treated as immutable; only the touched paths are copied, so replaying a long log stays linear.
 */
type Evolver<K extends EventType> = (state: SessionState, event: EventOf<K>) => SessionState;

function withGroup(state: SessionState, groupId: string, patch: (g: Group) => Group): SessionState {
  const group = state.groups[groupId];
  if (!group) return state;
  return { ...state, groups: { ...state.groups, [groupId]: patch(group) } };
}

function endRun(group: Group, at: number): Group {
  if (!group.phase) return group;
  const { phaseId, startedAt, plannedEndAt } = group.phase;
  return {
    ...group,
    phase: null,
    phaseRuns: [...group.phaseRuns, { phaseId, startedAt, plannedEndAt, endedAt: at }],
  };
}

const evolvers: { [K in EventType]: Evolver<K> } = {
  'session.created': (_state, e) => createdState(e),
  'session.started': (s, e) => ({ ...s, status: 'live', startedAt: e.at }),
  'session.ended': (s, e) => {
    let next: SessionState = { ...s, status: 'ended', endedAt: e.at };
    for (const id of s.groupOrder) next = withGroup(next, id, (g) => endRun(g, e.at));
    return next;
  },
  'settings.changed': (s, e) => ({ ...s, settings: { ...s.settings, ...e.data } }),
  'agenda.set': (s, e) => ({ ...s, agenda: e.data.agenda }),
  'member.joined': (s, e) => ({
    ...s,
    members: {
      ...s.members,
      [e.data.memberId]: {
        id: e.data.memberId,
        name: e.data.name,
        role: e.data.role,
        groupId: e.data.groupId,
        joinedAt: e.at,
        removed: false,
        attributes: e.data.attributes,
      },
    },
  }),
  'member.renamed': (s, e) => patchMember(s, e.data.memberId, { name: e.data.name }),
  'member.removed': (s, e) => patchMember(s, e.data.memberId, { removed: true }),
  'member.moved': (s, e) => patchMember(s, e.data.memberId, { groupId: e.data.groupId }),
  'group.created': (s, e) => ({
    ...s,
    groups: {
      ...s.groups,
      [e.data.groupId]: {
        id: e.data.groupId,
        name: e.data.name,
        status: 'open',
        createdAt: e.at,
        phase: null,
        phaseRuns: [],
        queue: emptyQueue(),
      },
    },
    groupOrder: [...s.groupOrder, e.data.groupId],
  }),
  'group.renamed': (s, e) => withGroup(s, e.data.groupId, (g) => ({ ...g, name: e.data.name })),
  'group.closed': (s, e) => withGroup(s, e.data.groupId, (g) => ({ ...endRun(g, e.at), status: 'closed' })),
  'phase.started': (s, e) =>
    withGroup(s, e.data.groupId, (g) => ({
      ...endRun(g, e.data.startedAt),
      phase: { phaseId: e.data.phaseId, startedAt: e.data.startedAt, plannedEndAt: e.data.plannedEndAt },
    })),
  'phase.ended': (s, e) => withGroup(s, e.data.groupId, (g) => endRun(g, e.at)),
  'announcement.made': (s, e) => ({
    ...s,
    announcements: [...s.announcements, { id: e.data.id, text: e.data.text, at: e.at, by: e.actor }],
  }),
  ...queueEvolvers,
  ...documentEvolvers,
};

function patchMember(s: SessionState, memberId: string, patch: Partial<SessionState['members'][string]>) {
  const member = s.members[memberId];
  if (!member) return s;
  return { ...s, members: { ...s.members, [memberId]: { ...member, ...patch } } };
}

function createdState(e: EventOf<'session.created'>): SessionState {
  return {
    id: e.data.id,
    version: 0,
    headHash: '',
    title: e.data.title,
    locale: e.data.locale,
    status: 'scheduled',
    createdAt: e.at,
    startedAt: null,
    endedAt: null,
    agenda: e.data.agenda,
    groups: {
      [PLENARY_ID]: {
        id: PLENARY_ID,
        name: e.data.locale.startsWith('fr') ? 'Plénière' : 'Plenary',
        status: 'open',
        createdAt: e.at,
        phase: null,
        phaseRuns: [],
        queue: emptyQueue(),
      },
    },
    groupOrder: [PLENARY_ID],
    members: {},
    announcements: [],
    settings: e.data.settings,
  };
}

export function evolve(state: SessionState | undefined, event: SessionEvent): SessionState {
  if (state === undefined && event.type !== 'session.created') {
    throw new Error(`a session log must start with session.created, not ${event.type}`);
  }
  const evolver = evolvers[event.type] as Evolver<EventType>;
  const next = evolver(state as SessionState, event as EventOf<EventType>);
  return { ...next, version: event.v, headHash: event.hash };
}

export function replay(events: readonly SessionEvent[], from?: SessionState): SessionState | undefined {
  return inBatch(() => {
    let state = from;
    for (const event of events) state = evolve(state, event);
    return state;
  });
}
