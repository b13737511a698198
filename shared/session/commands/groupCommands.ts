import { accept, refuse } from '../decision.js';
import type { CommandSpecs } from '../decision.js';
import { FACILITATION } from '../decision.js';
import { newEvent } from '../events.js';
import type { NewEvent } from '../events.js';
import { LIMITS } from '../schemas.js';
import { PLENARY_ID } from '../types.js';
import { joinRunningPhase } from './phaseCommands.js';

export const groupCommands: CommandSpecs<'group.create' | 'group.rename' | 'group.close'> = {
  'group.create': {
    issuers: FACILITATION,
    decide(state, cmd, ctx) {
      const open = state.groupOrder.filter((id) => state.groups[id]?.status === 'open').length;
      if (open >= LIMITS.groupsMax)
        return refuse('limit_exceeded', `at most ${LIMITS.groupsMax} open groups`);
      const groupId = cmd.groupId ?? ctx.newId('g');
      if (state.groups[groupId]) return refuse('conflict', `group ${groupId} already exists`);
      const fresh = { id: groupId, phase: null, phaseRuns: [] };
      const phase = joinRunningPhase(state, fresh, ctx.now);
      return accept(newEvent('group.created', { groupId, name: cmd.name }), ...(phase ? [phase] : []));
    },
  },
  'group.rename': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const group = state.groups[cmd.groupId];
      if (!group) return refuse('not_found', `no group ${cmd.groupId}`);
      if (group.status === 'closed') return refuse('invalid_state', `group "${group.name}" is closed`);
      return accept(newEvent('group.renamed', { groupId: cmd.groupId, name: cmd.name }));
    },
  },
  'group.close': {
    issuers: FACILITATION,
    decide(state, cmd) {
      if (cmd.groupId === PLENARY_ID) return refuse('invalid_state', 'the plenary cannot be closed');
      const group = state.groups[cmd.groupId];
      if (!group) return refuse('not_found', `no group ${cmd.groupId}`);
      if (group.status === 'closed')
        return refuse('invalid_state', `group "${group.name}" is already closed`);
      // Everyone in a closed group goes back to the plenary, so nobody is left in a dead room.
      const moves: NewEvent[] = Object.values(state.members)
        .filter((m) => m.groupId === cmd.groupId && !m.removed)
        .map((m) => newEvent('member.moved', { memberId: m.id, groupId: PLENARY_ID }));
      return accept(...moves, newEvent('group.closed', { groupId: cmd.groupId }));
    },
  },
};
