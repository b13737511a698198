import type { Group, Phase, SessionState } from '../../../../../shared/session/types.js';

/** Where a phase button sends the groups it applies to: as `phase.goto` decides it (phaseCommands.ts). */
export type PhaseTarget = 'first' | 'next' | 'previous' | 'finish' | { phaseId: string };

/** One group's move: from the phase it is in (null: none) to a phase (null: out of the agenda). */
export interface PhaseMove {
  group: Group;
  from: Phase | null;
  to: Phase | null;
  /** To an earlier phase, or back into the agenda after finishing it. */
  back: boolean;
}

/** The groups a phase command applies to: one group, or every open group for `'all'`. */
export function targetGroups(state: SessionState, groupId: string): Group[] {
  if (groupId !== 'all') return state.groups[groupId] ? [state.groups[groupId]] : [];
  return state.groupOrder.map((id) => state.groups[id]!).filter((g) => g?.status === 'open');
}

/**
 * What a click would do to each group, computed from the state on screen (the server checks the same with
 * the `from` it is sent). Groups a move leaves where they are (already there, nowhere to go) are left out.
 */
export function planMoves(state: SessionState, groupId: string, to: PhaseTarget): PhaseMove[] {
  const moves: PhaseMove[] = [];
  for (const group of targetGroups(state, groupId)) {
    const current = group.phase ? state.agenda.findIndex((p) => p.id === group.phase?.phaseId) : -1;
    const finished = current < 0 && group.phaseRuns.length > 0;
    let index: number | null;
    if (typeof to === 'object') index = state.agenda.findIndex((p) => p.id === to.phaseId);
    else if (to === 'first') index = 0;
    else if (to === 'next') index = finished || current >= state.agenda.length - 1 ? -1 : current + 1;
    else if (to === 'previous') index = current - 1;
    else index = current < 0 ? -1 : null;
    if (index !== null && (index < 0 || index === current)) continue;
    const from = state.agenda[current] ?? null;
    const target = index === null ? null : state.agenda[index]!;
    const back = target !== null && (finished || (current >= 0 && index! < current));
    moves.push({ group, from, to: target, back });
  }
  return moves;
}

/** The phase the groups of a target are in, when they share one (null: none, or several). */
export function sharedPhase(state: SessionState, groupId: string): Phase | null {
  const ids = new Set(targetGroups(state, groupId).map((g) => g.phase?.phaseId ?? null));
  if (ids.size !== 1) return null;
  const [id] = [...ids];
  return state.agenda.find((p) => p.id === id) ?? null;
}
