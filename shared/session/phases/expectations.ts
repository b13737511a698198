/**
 * What the sender of a relative command saw. "Next phase", "previous phase", "give the floor", "extend",
 * "end" and "yield" mean something only against the state they were clicked on: two facilitators clicking
 * "next" at the same moment both mean one step. Each of these commands carries what its sender saw (the
 * phase a group was in, the turn that was running), and `decide` refuses it with `conflict` when the state
 * has moved on. Clients fill the expectation with `seenPhase` / `seenTurnId` from the state they show.
 */
import { refuse } from '../decision.js';
import type { Decision } from '../decision.js';
import type { SessionState } from '../types.js';
import type { Group } from './types.js';

/** The phase a group was seen in: a phase id, or null when it was in none (not started, or finished). */
export type SeenPhase = string | null;

/**
 * The `from` of `phase.goto`: one phase for the group moved (or for every open group with `'all'`), or,
 * with `'all'`, the phase of each open group by group id.
 */
export type SeenPhases = SeenPhase | Record<string, SeenPhase>;

/** Open groups in creation order. */
function openGroupIds(state: SessionState): string[] {
  return state.groupOrder.filter((id) => state.groups[id]?.status === 'open');
}

/**
 * What a client showing `state` saw of the groups `phase.goto` would move: the group's phase id (or null),
 * or for `'all'` the phase of every open group by id. Pass it as `from`.
 */
export function seenPhase(state: SessionState, groupId: string): SeenPhase;
export function seenPhase(state: SessionState, groupId: 'all'): Record<string, SeenPhase>;
export function seenPhase(state: SessionState, groupId: string): SeenPhases;
export function seenPhase(state: SessionState, groupId: string): SeenPhases {
  if (groupId !== 'all') return state.groups[groupId]?.phase?.phaseId ?? null;
  return Object.fromEntries(openGroupIds(state).map((id) => [id, state.groups[id]!.phase?.phaseId ?? null]));
}

function phaseName(state: SessionState, phaseId: SeenPhase): string {
  if (phaseId === null) return 'no phase';
  const phase = state.agenda.find((p) => p.id === phaseId);
  return phase ? `"${phase.title}"` : `phase ${phaseId}`;
}

/**
 * Checks `from` against the groups a `phase.goto` moves. A single phase must match every one of them; a
 * record must name every one of them with its current phase (a group created since the sender looked is
 * not in it, so the command is refused rather than moving a group the sender never saw).
 */
export function checkSeenPhases(
  state: SessionState,
  groups: readonly Group[],
  from: SeenPhases,
): Decision | null {
  for (const group of groups) {
    const now = group.phase?.phaseId ?? null;
    const seen = from !== null && typeof from === 'object' ? from[group.id] : from;
    if (seen === undefined) {
      return refuse('conflict', `group "${group.name}" was not there when you clicked; nothing was moved`);
    }
    if (seen !== now) {
      return refuse(
        'conflict',
        `group "${group.name}" is now in ${phaseName(state, now)}, not ${phaseName(state, seen)}: ` +
          'someone moved it first; nothing was moved',
      );
    }
  }
  return null;
}
