import { accept, refuse } from '../decision.js';
import type { CommandSpecs } from '../decision.js';
import { newEvent } from '../events.js';
import { CHAT_LIMITS } from './types.js';

/**
 * Who may post where: participants in their own group and to the facilitators; facilitators in any open
 * group, and privately to one participant in answer (`to`); observers never (read-only). A member posting faster than `CHAT_LIMITS.burst` messages per
 * `windowMs` is refused with `limit_exceeded` — counted from the state, so every process agrees.
 */
export const chatCommands: CommandSpecs<'chat.post' | 'chat.hide'> = {
  'chat.post': {
    issuers: ['participant', 'facilitator'],
    decide(state, cmd, ctx) {
      const member = ctx.member;
      if (!member) return refuse('forbidden', 'only members post in the chat');
      let groupId = member.groupId;
      if (cmd.groupId !== undefined && cmd.groupId !== member.groupId) {
        if (member.role !== 'facilitator')
          return refuse('forbidden', 'participants post in their own group only');
        groupId = cmd.groupId;
      }
      const group = state.groups[groupId];
      if (!group) return refuse('not_found', `no group ${groupId}`);
      if (group.status === 'closed') return refuse('invalid_state', `group "${group.name}" is closed`);
      let to: string | undefined;
      if (cmd.to !== undefined && (cmd.channel !== 'facilitators' || member.role !== 'facilitator'))
        return refuse(
          'bad_request',
          'only a facilitator answers one member privately (channel facilitators)',
        );
      if (cmd.channel === 'facilitators' && member.role === 'facilitator') {
        if (cmd.to === undefined)
          return refuse(
            'bad_request',
            'name the member you answer privately (to), or post in the group chat',
          );
        const asker = state.members[cmd.to];
        if (!asker || asker.removed || asker.role !== 'participant')
          return refuse('not_found', `no participant ${cmd.to} to answer`);
        to = asker.id;
        groupId = asker.groupId;
      }
      const recent = (state.chat ?? []).filter(
        (m) => m.authorId === member.id && m.at > ctx.now - CHAT_LIMITS.windowMs,
      ).length;
      if (recent >= CHAT_LIMITS.burst)
        return refuse(
          'limit_exceeded',
          `at most ${CHAT_LIMITS.burst} messages every ${CHAT_LIMITS.windowMs / 1000} seconds: wait a moment`,
        );
      return accept(
        newEvent('chat.posted', {
          messageId: ctx.newId('c'),
          channel: cmd.channel,
          groupId,
          authorId: member.id,
          text: cmd.text,
          ...(to !== undefined ? { to } : {}),
        }),
      );
    },
  },
  'chat.hide': {
    issuers: ['facilitator', 'admin'],
    decide(state, cmd, ctx) {
      const message = state.chat?.find((m) => m.id === cmd.messageId);
      if (!message) return refuse('not_found', `no message ${cmd.messageId}`);
      if (message.hidden) return refuse('invalid_state', 'this message is already hidden');
      const by = ctx.actor.kind === 'member' ? ctx.actor.memberId : ctx.actor.kind;
      return accept(newEvent('chat.hidden', { messageId: cmd.messageId, by }));
    },
  },
};
