import type { Group, Member, Phase, SessionState } from '../../shared/session/types.js';

/**
 * Read-only views of a session state that every client needs (the web page, bots, tests). Pure functions:
 * pass the server time (`client.serverNow()`) where time matters.
 */

/** The phase a group is in, with its timing, or null. */
export function currentPhase(
  state: SessionState,
  groupId: string,
): { phase: Phase; index: number; startedAt: number; plannedEndAt: number } | null {
  const running = state.groups[groupId]?.phase;
  if (!running) return null;
  const index = state.agenda.findIndex((p) => p.id === running.phaseId);
  const phase = state.agenda[index];
  if (!phase) return null;
  return { phase, index, startedAt: running.startedAt, plannedEndAt: running.plannedEndAt };
}

/** Milliseconds left in the group's phase at `now` (negative when overrunning), or null outside a phase. */
export function phaseRemainingMs(state: SessionState, groupId: string, now: number): number | null {
  const current = currentPhase(state, groupId);
  return current ? current.plannedEndAt - now : null;
}

/** Whether the group has been through the whole agenda (it ran phases and is in none now). */
export function agendaFinished(group: Group): boolean {
  return group.phase === null && group.phaseRuns.length > 0;
}

/** The present members of a group, in join order. */
export function membersOf(state: SessionState, groupId: string): Member[] {
  return Object.values(state.members)
    .filter((m) => m.groupId === groupId && !m.removed)
    .sort((a, b) => a.joinedAt - b.joinedAt);
}

/** Open groups in creation order (plenary first). */
export function openGroups(state: SessionState): Group[] {
  return state.groupOrder
    .map((id) => state.groups[id])
    .filter((g): g is Group => g !== undefined && g.status === 'open');
}
