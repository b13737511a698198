import type { Evolvers } from '../evolve.js';
import type { SessionState } from '../types.js';
import { emptyQueue } from '../floor/types.js';
import type { Group } from './types.js';

/** Applies `patch` to one group (unchanged state if there is no such group). */
export function withGroup(state: SessionState, groupId: string, patch: (g: Group) => Group): SessionState {
  const group = state.groups[groupId];
  if (!group) return state;
  return { ...state, groups: { ...state.groups, [groupId]: patch(group) } };
}

/** Closes the group's running phase (if any) into its runs, at `at`. */
export function endRun(group: Group, at: number): Group {
  if (!group.phase) return group;
  const { phaseId, startedAt, plannedEndAt } = group.phase;
  return {
    ...group,
    phase: null,
    phaseRuns: [...group.phaseRuns, { phaseId, startedAt, plannedEndAt, endedAt: at }],
  };
}

/** Evolvers of the agenda, groups and phases, spread into the table in evolve.ts. */
export const phaseEvolvers: Evolvers<
  | 'agenda.changed'
  | 'group.created'
  | 'group.renamed'
  | 'group.closed'
  | 'phase.started'
  | 'phase.ended'
  | 'projector.followed'
> = {
  'agenda.changed': (s, e) => ({ ...s, agenda: e.data.agenda }),
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
  'projector.followed': (s, e) => ({ ...s, projector: { groupId: e.data.groupId, since: e.at } }),
};
