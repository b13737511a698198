import type { Group, SessionState } from '../types.js';
import type { HandKind, QueueEntry, QueuePolicy } from './types.js';
import { speakingSettings } from './types.js';

/** Lanes, in the order they get the floor: points of order, then direct replies, then normal turns. */
export const LANES: readonly HandKind[] = ['order', 'reply', 'normal'];

/** The policy in force in a group now: the facilitator's choice for the current phase, else the session's. */
export function effectivePolicy(state: SessionState, group: Group): QueuePolicy {
  const chosen = group.queue.policy;
  if (chosen && group.phase && chosen.phaseId === group.phase.phaseId) return chosen.policy;
  return speakingSettings(state.settings).queuePolicy;
}

/** Sort key of an entry in the normal lane under a policy: smaller goes first; arrival breaks ties. */
function policyKey(group: Group, policy: QueuePolicy, entry: QueueEntry): number {
  switch (policy) {
    case 'fcfs':
      return 0;
    case 'least-time':
      return group.queue.spokenMs[entry.memberId] ?? 0;
    case 'first-time':
      return (group.queue.turnCounts[entry.memberId] ?? 0) > 0 ? 1 : 0;
  }
}

/** One lane in order: entries a facilitator pinned first (in pin order), then the policy, then arrival. */
function laneOrder(group: Group, policy: QueuePolicy, kind: HandKind): QueueEntry[] {
  const lane = group.queue.entries.filter((e) => e.kind === kind);
  const key = (e: QueueEntry) => (kind === 'normal' ? policyKey(group, policy, e) : 0);
  return lane.sort((a, b) => {
    if (a.pin !== null || b.pin !== null) {
      if (a.pin === null) return 1;
      if (b.pin === null) return -1;
      if (a.pin !== b.pin) return a.pin - b.pin;
    }
    return key(a) - key(b) || a.seq - b.seq;
  });
}

/**
 * The order in which the raised hands of a group get the floor. Pure, and computed from state only (no
 * clock), so that the server and every client derive the very same order from the same log.
 */
export function queueOrder(state: SessionState, groupId: string): QueueEntry[] {
  const group = state.groups[groupId];
  if (!group) return [];
  const policy = effectivePolicy(state, group);
  return LANES.flatMap((kind) => laneOrder(group, policy, kind));
}

/** The lane of `kind` in order (what `queue.move` rearranges). */
export function laneOf(state: SessionState, groupId: string, kind: HandKind): QueueEntry[] {
  const group = state.groups[groupId];
  if (!group) return [];
  return laneOrder(group, effectivePolicy(state, group), kind);
}
