import { accept, refuse, FACILITATION } from '../decision.js';
import type { CommandSpecs } from '../decision.js';
import { newEvent } from '../events.js';
import { normalizeAgenda } from '../phases/schemas.js';
import { checkJoinAttributes } from './joinAttributes.js';
import { PLENARY_ID } from '../types.js';
import { presentMembers } from './present.js';

export const sessionCommands: CommandSpecs<
  'session.start' | 'session.end' | 'settings.update' | 'agenda.set' | 'announcement.make'
> = {
  'session.start': {
    issuers: FACILITATION,
    decide(state) {
      if (state.status === 'live') return refuse('invalid_state', 'the session is already live');
      return accept(newEvent('session.started', {}));
    },
  },
  'session.end': {
    issuers: FACILITATION,
    decide() {
      return accept(newEvent('session.ended', {}));
    },
  },
  'settings.update': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const { type: _type, ...changes } = cmd;
      if (changes.maxMembers !== undefined) {
        const present = presentMembers(state.members);
        if (changes.maxMembers < present) {
          return refuse('limit_exceeded', `the session already has ${present} members`);
        }
      }
      return accept(newEvent('settings.changed', changes));
    },
  },
  'agenda.set': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const agenda = normalizeAgenda(cmd.agenda, state.locale);
      const ids = new Set(agenda.map((p) => p.id));
      for (const groupId of state.groupOrder) {
        const group = state.groups[groupId];
        if (group?.status === 'open' && group.phase && !ids.has(group.phase.phaseId)) {
          return refuse(
            'invalid_state',
            `phase ${group.phase.phaseId} is running in group "${group.name}"; keep its id in the new agenda`,
          );
        }
      }
      return accept(newEvent('agenda.changed', { agenda }));
    },
  },
  'announcement.make': {
    issuers: FACILITATION,
    decide(_state, cmd, ctx) {
      return accept(newEvent('announcement.made', { id: ctx.newId('a'), text: cmd.text }));
    },
  },
};

export const memberCommands: CommandSpecs<
  | 'member.join'
  | 'member.rename'
  | 'member.remove'
  | 'member.move'
  | 'member.erase'
  | 'presence.enter'
  | 'presence.leave'
> = {
  // Presence is the server's: it counts every connection of a member across processes (core/presence).
  // Both are idempotent, so every process may report what it sees.
  'presence.enter': {
    issuers: ['system'],
    decide(state, cmd) {
      const member = state.members[cmd.memberId];
      if (!member || member.removed) return refuse('not_member', `no member ${cmd.memberId}`);
      if (member.connected) return accept();
      return accept(newEvent('member.connected', { memberId: cmd.memberId }));
    },
  },
  'presence.leave': {
    issuers: ['system'],
    decide(state, cmd) {
      const member = state.members[cmd.memberId];
      if (!member?.connected) return accept();
      return accept(newEvent('member.disconnected', { memberId: cmd.memberId, reason: cmd.reason }));
    },
  },
  'member.join': {
    // Joins are issued by the server once it has checked an invite token.
    issuers: ['system', 'admin'],
    decide(state, cmd, ctx) {
      const present = presentMembers(state.members);
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
  'member.erase': {
    // A data-protection request, carried out by the operator (the admin API), never by a member; it comes
    // most often after the forum, so an ended session takes it too (its log is otherwise read-only).
    issuers: ['admin'],
    afterEnd: true,
    decide(state, cmd) {
      const target = state.members[cmd.memberId];
      if (!target) return refuse('not_found', `no member ${cmd.memberId}`);
      if (target.erased) return accept();
      return accept(newEvent('member.erased', { memberId: cmd.memberId }));
    },
  },
};

/** Commands of the session itself, its settings, members and announcements. */
export const memberAndSessionCommands = { ...sessionCommands, ...memberCommands };
