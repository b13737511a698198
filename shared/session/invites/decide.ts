import { FACILITATION, accept, refuse } from '../decision.js';
import type { CommandSpecs } from '../decision.js';
import { newEvent } from '../events.js';

/**
 * Recording an invite (the server, as it mints one for the admin or a facilitator) and revoking one
 * (facilitators or the admin, once per invite, recorded in the log: who and when; an id the session never
 * recorded is refused where every invite is recorded).
 */
export const inviteCommands: CommandSpecs<'invite.issue' | 'invite.revoke'> = {
  'invite.issue': {
    issuers: ['system'],
    // Links minted for an ended session were handed out before invites were recorded: still recorded.
    afterEnd: true,
    decide(state, cmd) {
      const by = cmd.issuedBy;
      if (by !== 'admin' && by !== 'facilitator' && state.members[by]?.role !== 'facilitator')
        return refuse('forbidden', 'only the admin and facilitators issue invites');
      if (state.invites?.some((i) => i.id === cmd.inviteId))
        return refuse('invalid_state', `invite ${cmd.inviteId} is already recorded`);
      if (cmd.groupId !== undefined && !state.groups[cmd.groupId])
        return refuse('not_found', `no group ${cmd.groupId}`);
      return accept(
        newEvent('invite.issued', {
          inviteId: cmd.inviteId,
          role: cmd.role,
          ...(cmd.groupId !== undefined ? { groupId: cmd.groupId } : {}),
          expiresAt: cmd.expiresAt,
          ...(cmd.label !== undefined ? { label: cmd.label } : {}),
          issuedBy: cmd.issuedBy,
        }),
      );
    },
  },
  'invite.revoke': {
    issuers: FACILITATION,
    decide(state, cmd) {
      if (state.revokedInvites?.includes(cmd.inviteId))
        return refuse('invalid_state', 'this invite is already revoked');
      // Where every invite is recorded, an unknown id is a mistake (a typo): saying it was revoked would leave
      // the real link working. Older sessions' links were not recorded, and are revoked by id alone.
      if (state.invitesRecorded && !state.invites?.some((i) => i.id === cmd.inviteId))
        return refuse('not_found', `no invite ${cmd.inviteId} in this session`);
      return accept(newEvent('invite.revoked', { inviteId: cmd.inviteId }));
    },
  },
};
