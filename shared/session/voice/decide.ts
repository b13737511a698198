import { accept, refuse, FACILITATION } from '../decision.js';
import type { CommandSpecs } from '../decision.js';
import { newEvent } from '../events.js';
import { floorMode } from './audible.js';

/** The voice family: a group's floor mode, and facilitators' microphones. */
export const voiceCommands: CommandSpecs<'floor.mode' | 'microphone.set'> = {
  'floor.mode': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const group = state.groups[cmd.groupId];
      if (!group) return refuse('not_found', `no group ${cmd.groupId}`);
      if (group.status === 'closed') return refuse('invalid_state', `group "${group.name}" is closed`);
      // Idempotent: the same mode twice is one fact.
      if (floorMode(state, cmd.groupId) === cmd.mode) return accept();
      return accept(newEvent('floor.mode.changed', { groupId: cmd.groupId, mode: cmd.mode }));
    },
  },
  'microphone.set': {
    // Facilitators only: a participant is heard when the floor is theirs, never by switching a microphone on.
    // Accepted before the session is live, so that facilitators can check their sound first.
    issuers: ['facilitator'],
    decide(state, cmd, ctx) {
      const member = ctx.member;
      if (!member) return refuse('bad_request', 'only members have a microphone');
      if ((state.voice?.microphones[member.id] === true) === cmd.on) return accept();
      return accept(newEvent('microphone.changed', { memberId: member.id, on: cmd.on }));
    },
  },
};
