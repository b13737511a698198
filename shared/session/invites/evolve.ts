import type { Evolvers } from '../evolve.js';

/** Evolvers of invite events, spread into the table in evolve.ts. */
export const inviteEvolvers: Evolvers<'invite.revoked'> = {
  'invite.revoked': (s, e) => ({ ...s, revokedInvites: [...(s.revokedInvites ?? []), e.data.inviteId] }),
};
