import { FACILITATION, accept, refuse } from '../decision.js';
import type { CommandSpecs } from '../decision.js';
import { newEvent } from '../events.js';

/** Revoking an invite: facilitators or the admin, once per invite, recorded in the log (who and when). */
export const inviteCommands: CommandSpecs<'invite.revoke'> = {
  'invite.revoke': {
    issuers: FACILITATION,
    decide(state, cmd) {
      if (state.revokedInvites?.includes(cmd.inviteId))
        return refuse('invalid_state', 'this invite is already revoked');
      return accept(newEvent('invite.revoked', { inviteId: cmd.inviteId }));
    },
  },
};
