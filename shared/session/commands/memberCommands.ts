import { accept, refuse } from '../decision.js';
import type { CommandSpecs } from '../decision.js';
import { FACILITATION } from '../decision.js';
import { newEvent } from '../events.js';
import { checkJoinAttributes } from '../joinAttributes.js';
import { PLENARY_ID } from '../types.js';

export const memberCommands: CommandSpecs<'member.join' | 'member.rename' | 'member.remove' | 'member.move'> =
  {
    'member.join': {
      // Joins are issued by the server once it has checked an invite token.
      issuers: ['system', 'admin'],
      decide(state, cmd, ctx) {
        const present = Object.values(state.members).filter((m) => !m.removed).length;
        if (present >= state.settings.maxMembers) {
          return refuse('limit_exceeded', `this session is full (${state.settings.maxMembers} members)`);
        }
        const groupId = cmd.groupId ?? PLENARY_ID;
        const group = state.groups[groupId];
        if (!group) return refuse('not_found', `no group ${groupId}`);
        if (group.status === 'closed') return refuse('invalid_state', `group "${group.name}" is closed`);
        const declared = checkJoinAttributes(state.settings.joinAttributes, cmd.attributes, cmd.role);
        if (!declared.ok) return declared;
        return accept(
          newEvent('member.joined', {
            memberId: ctx.newId('m'),
            name: cmd.name,
            role: cmd.role,
            groupId,
            attributes: declared.attributes,
          }),
        );
      },
    },
    'member.rename': {
      issuers: ['facilitator', 'participant', 'admin'],
      decide(state, cmd, ctx) {
        const memberId = cmd.memberId ?? ctx.member?.id;
        if (!memberId) return refuse('bad_request', 'say which member to rename');
        if (ctx.member?.role === 'participant' && memberId !== ctx.member.id) {
          return refuse('forbidden', 'participants can only rename themselves');
        }
        const target = state.members[memberId];
        if (!target || target.removed) return refuse('not_found', `no member ${memberId}`);
        return accept(newEvent('member.renamed', { memberId, name: cmd.name }));
      },
    },
    'member.remove': {
      issuers: FACILITATION,
      decide(state, cmd, ctx) {
        const target = state.members[cmd.memberId];
        if (!target || target.removed) return refuse('not_found', `no member ${cmd.memberId}`);
        if (target.id === ctx.member?.id)
          return refuse('invalid_state', 'facilitators cannot remove themselves');
        return accept(newEvent('member.removed', { memberId: cmd.memberId }));
      },
    },
    'member.move': {
      issuers: FACILITATION,
      decide(state, cmd) {
        const target = state.members[cmd.memberId];
        if (!target || target.removed) return refuse('not_found', `no member ${cmd.memberId}`);
        const group = state.groups[cmd.groupId];
        if (!group) return refuse('not_found', `no group ${cmd.groupId}`);
        if (group.status === 'closed') return refuse('invalid_state', `group "${group.name}" is closed`);
        if (target.groupId === cmd.groupId) return accept();
        return accept(newEvent('member.moved', { memberId: cmd.memberId, groupId: cmd.groupId }));
      },
    },
  };
