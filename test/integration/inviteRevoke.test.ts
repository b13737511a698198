import { describe, expect, it } from 'vitest';
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { connectClient, startServer } from '../helpers/server.js';

describe('revoking an invite', () => {
  it('stops its link letting anyone in, keeps who joined with it, is logged, and is for the admin only', async () => {
    const server = await startServer();
    const { session, invites } = await server.createSession({});
    const participant = invites.participant as typeof invites.participant & { id: string };
    expect(participant.id).toMatch(/^i/);
    const ana = await connectClient(server.url, { token: participant.token, name: 'Ana' });

    // Not without the admin token, nor with a facilitator's invite.
    const path = `/api/sessions/${session.id}/invites/revoke`;
    expect((await server.api('POST', path, { inviteId: participant.id }, '')).status).toBe(401);
    expect(
      (await server.api('POST', path, { inviteId: participant.id }, invites.facilitator.token)).status,
    ).toBe(401);
    expect((await server.api('POST', path, { inviteId: 'not valid!' })).status).toBe(400);

    const revoked = await server.api('POST', path, { inviteId: participant.id });
    expect(revoked).toMatchObject({ status: 200, body: { ok: true, revoked: participant.id } });
    expect((await server.api('POST', path, { inviteId: participant.id })).status).toBe(409);
    const log = await server.palabre.sessions.eventsAfter(session.id, 0);
    expect(log.filter((e) => e.type === 'invite.revoked')).toMatchObject([
      { actor: 'admin', data: { inviteId: participant.id } },
    ]);

    // The link is refused, with a reason; the checked invite says so too; another invite still works.
    const bob = new PalabreClient({
      url: server.url,
      token: participant.token,
      name: 'Bob',
      socket: { reconnection: false },
    });
    await expect(bob.connect()).rejects.toMatchObject({ error: { code: 'token_revoked' } });
    bob.close();
    const check = await server.api('GET', `/api/sessions/${session.id}`, undefined, participant.token);
    expect(check).toMatchObject({ status: 401, body: { error: { code: 'token_revoked' } } });
    const obs = await connectClient(server.url, { token: invites.observer.token, name: 'Presse' });
    expect(obs.welcome?.role).toBe('observer');
    // Ana, who joined with it before, stays.
    expect(ana.state?.members[ana.memberId!]?.removed).toBe(false);
  });
});
