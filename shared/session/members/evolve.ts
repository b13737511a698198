import type { EventOf } from '../events.js';
import type { Evolvers } from '../evolve.js';
import type { SessionState } from '../types.js';
import { ERASED_MEMBER_NAME } from './types.js';
import { emptyQueue } from '../floor/types.js';
import { PLENARY_ID } from '../phases/types.js';
import { endRun, withGroup } from '../phases/evolve.js';
import { writable } from '../transient.js';
import { countReplaced } from './present.js';

/** Evolvers of the session itself, its members and announcements, spread into the table in evolve.ts. */
export const memberEvolvers: Evolvers<
  | 'session.created'
  | 'session.started'
  | 'session.ended'
  | 'settings.changed'
  | 'member.joined'
  | 'member.renamed'
  | 'member.removed'
  | 'member.moved'
  | 'member.connected'
  | 'member.disconnected'
  | 'member.erased'
  | 'announcement.made'
> = {
  'session.created': (_state, e) => createdState(e),
  'session.started': (s, e) => ({ ...s, status: 'live', startedAt: e.at }),
  'session.ended': (s, e) => {
    let next: SessionState = { ...s, status: 'ended', endedAt: e.at };
    for (const id of s.groupOrder) next = withGroup(next, id, (g) => endRun(g, e.at));
    return next;
  },
  'settings.changed': (s, e) => ({ ...s, settings: { ...s.settings, ...e.data } }),
  'member.joined': (s, e) =>
    withMember(s, e.data.memberId, {
      id: e.data.memberId,
      name: e.data.name,
      role: e.data.role,
      groupId: e.data.groupId,
      joinedAt: e.at,
      removed: false,
      connected: false,
      attributes: e.data.attributes,
    }),
  'member.renamed': (s, e) => patchMember(s, e.data.memberId, { name: e.data.name }),
  'member.removed': (s, e) => patchMember(s, e.data.memberId, { removed: true, connected: false }),
  'member.connected': (s, e) => patchMember(s, e.data.memberId, { connected: true }),
  'member.disconnected': (s, e) => patchMember(s, e.data.memberId, { connected: false }),
  'member.moved': (s, e) => patchMember(s, e.data.memberId, { groupId: e.data.groupId }),
  'member.erased': (s, e) =>
    patchMember(s, e.data.memberId, { name: ERASED_MEMBER_NAME, attributes: {}, erased: true }),
  'announcement.made': (s, e) => ({
    ...s,
    announcements: [...s.announcements, { id: e.data.id, text: e.data.text, at: e.at, by: e.actor }],
  }),
};

type Member = SessionState['members'][string];

/**
 * The state with `member` as `memberId`'s record. The members map is copied once per batch of events
 * (`inBatch`, shared/session/transient.ts), not once per event: a batch of 50 arrivals in a session of
 * 10,000 members copies 10,000 entries once instead of 50 times (each copy is O(members)).
 */
function withMember(s: SessionState, memberId: string, member: Member): SessionState {
  const before = s.members[memberId];
  const members = writable(s.members);
  members[memberId] = member;
  countReplaced(s.members, members, before, member);
  return { ...s, members };
}

function patchMember(s: SessionState, memberId: string, patch: Partial<Member>) {
  const member = s.members[memberId];
  if (!member) return s;
  return withMember(s, memberId, { ...member, ...patch });
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
    ...(e.data.invitesRecorded ? { invitesRecorded: true as const } : {}),
    drafts: {},
    harvested: [],
    votes: [],
  };
}
