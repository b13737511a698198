import { refuse } from '../decision.js';
import type { DecideContext, Decision } from '../decision.js';
import type { Group, Member, SessionState } from '../types.js';
import { queueIsOpen } from './turns.js';

/** Checks shared by the queue commands; each returns what it found, or the refusal to return. */

export function isDecision(value: unknown): value is Decision {
  return typeof value === 'object' && value !== null && 'ok' in value;
}

export function findGroup(state: SessionState, groupId: string): Group | Decision {
  const group = state.groups[groupId];
  if (!group) return refuse('not_found', `no group ${groupId}`);
  return group;
}

export function openQueue(state: SessionState, groupId: string): Group | Decision {
  const group = findGroup(state, groupId);
  if (isDecision(group)) return group;
  if (group.status === 'closed') return refuse('invalid_state', `group "${group.name}" is closed`);
  if (!queueIsOpen(state, group)) {
    return refuse('wrong_phase', `the speaking queue of "${group.name}" is closed in this phase`);
  }
  return group;
}

/** The acting member (checked by decide) and their own group. */
export function ownGroup(
  state: SessionState,
  ctx: DecideContext,
): { member: Member; group: Group } | Decision {
  const member = ctx.member;
  if (!member) return refuse('bad_request', 'only members raise hands and hold the floor');
  const group = findGroup(state, member.groupId);
  if (isDecision(group)) return group;
  return { member, group };
}

/** A member who may hold the floor in `group`: present, in that group, not an observer. */
export function speakerIn(state: SessionState, group: Group, memberId: string): Member | Decision {
  const member = state.members[memberId];
  if (!member || member.removed) return refuse('not_found', `no member ${memberId}`);
  if (member.groupId !== group.id) {
    return refuse('invalid_state', `${member.name} is not in group "${group.name}"`);
  }
  if (member.role === 'observer') return refuse('invalid_state', 'observers do not take the floor');
  return member;
}
