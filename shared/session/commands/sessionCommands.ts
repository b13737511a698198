import { accept, refuse } from '../decision.js';
import type { CommandSpecs } from '../decision.js';
import { FACILITATION } from '../decision.js';
import { newEvent } from '../events.js';
import { normalizeAgenda } from '../schemas.js';

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
        const present = Object.values(state.members).filter((m) => !m.removed).length;
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
      return accept(newEvent('agenda.set', { agenda }));
    },
  },
  'announcement.make': {
    issuers: FACILITATION,
    decide(_state, cmd, ctx) {
      return accept(newEvent('announcement.made', { id: ctx.newId('a'), text: cmd.text }));
    },
  },
};
