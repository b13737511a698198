import type { Evolvers } from '../evolve.js';

/** Evolvers of invite events, spread into the table in evolve.ts. */
export const inviteEvolvers: Evolvers<'invite.issued' | 'invite.revoked'> = {
  'invite.issued': (s, e) => {
    // The list is not this reader's (see project.ts): nothing to add.
    if ('redacted' in e.data) return s;
    const { inviteId, role, groupId, expiresAt, label, issuedBy } = e.data;
    return {
      ...s,
      invites: [
        ...(s.invites ?? []),
        {
          id: inviteId,
          role,
          ...(groupId !== undefined ? { groupId } : {}),
          expiresAt,
          ...(label !== undefined ? { label } : {}),
          issuedAt: e.at,
          issuedBy,
        },
      ],
    };
  },
  'invite.revoked': (s, e) => ({
    ...s,
    revokedInvites: [...(s.revokedInvites ?? []), e.data.inviteId],
    // Invites issued before they were recorded are in no list: only the id above says they are revoked.
    ...(s.invites?.some((i) => i.id === e.data.inviteId)
      ? {
          invites: s.invites.map((i) =>
            i.id === e.data.inviteId ? { ...i, revoked: { at: e.at, by: e.actor } } : i,
          ),
        }
      : {}),
  }),
};
