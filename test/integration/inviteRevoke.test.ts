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
    // An id this session never issued (a typo) is not "revoked": the real link would keep working.
    expect(await server.api('POST', path, { inviteId: 'iNope' })).toMatchObject({
      status: 404,
      body: { ok: false, error: { code: 'not_found', message: 'no invite iNope in this session' } },
    });

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

  it('lists the invites it issued, with their status, for the admin only, never their tokens; old sessions list none', async () => {
    const server = await startServer();
    const { session, invites } = await server.createSession({});
    const path = `/api/sessions/${session.id}/invites`;
    const ids = (Object.values(invites) as { id: string }[]).map((i) => i.id);
    const fac = await connectClient(server.url, { token: invites.facilitator.token, name: 'Fatou' });
    const ana = await connectClient(server.url, { token: invites.participant.token, name: 'Ana' });
    const anaEvents: unknown[] = [];
    ana.on('state', (_state, events) => anaEvents.push(...events));

    // A labelled link asked for by the facilitator (joined: their member id is recorded).
    const asked = await server.api(
      'POST',
      path,
      { role: 'participant', label: ' Table 3 ', ttlHours: 2 },
      fac.welcome!.resumeToken,
    );
    expect(asked).toMatchObject({ status: 201, body: { invite: { label: 'Table 3' } } });
    const tableId = (asked.body as { invite: { id: string } }).invite.id;
    expect((await server.api('POST', path, { role: 'participant', label: 'x'.repeat(81) })).status).toBe(400);

    const listed = await server.api('GET', path);
    expect(listed.status).toBe(200);
    const list = (listed.body as { invites: Record<string, unknown>[] }).invites;
    expect(list.map((i) => i.id)).toEqual([...ids, tableId]);
    expect(list.map((i) => [i.role, i.issuedBy, i.status])).toEqual([
      ['facilitator', 'admin', 'active'],
      ['participant', 'admin', 'active'],
      ['observer', 'admin', 'active'],
      ['participant', fac.memberId, 'active'],
    ]);
    expect(list[3]).toMatchObject({ label: 'Table 3', expiresAt: expect.any(String) });
    // No token, in the list nor in the log.
    const log = JSON.stringify(await server.palabre.sessions.eventsAfter(session.id, 0));
    for (const secret of [
      invites.participant.token,
      (asked.body as { invite: { token: string } }).invite.token,
    ]) {
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
    // The admin's only.
    expect((await server.api('GET', path, undefined, fac.welcome!.resumeToken)).status).toBe(401);
    expect((await server.api('GET', path, undefined, '')).status).toBe(401);

    // Revoked: listed as such, with who and when.
    expect((await server.api('POST', `${path}/revoke`, { inviteId: tableId })).status).toBe(200);
    const after = (await server.api('GET', path)).body as { invites: Record<string, unknown>[] };
    expect(after.invites.find((i) => i.id === tableId)).toMatchObject({
      status: 'revoked',
      revokedBy: 'admin',
      revokedAt: expect.any(String),
    });
    expect(after.invites.filter((i) => i.status === 'revoked')).toHaveLength(1);

    // Facilitators see the list in their state; participants neither in theirs nor in the events.
    const version = (await server.palabre.sessions.get(session.id))!.version;
    await fac.waitFor((s) => s.version >= version);
    await ana.waitFor((s) => s.version >= version);
    expect(fac.state!.invites?.map((i) => i.id)).toEqual([...ids, tableId]);
    expect(ana.state!.invites).toBeUndefined();
    expect(JSON.stringify(anaEvents)).not.toContain('Table 3');
    const overHttp = await server.api(
      'GET',
      `/api/sessions/${session.id}`,
      undefined,
      ana.welcome!.resumeToken,
    );
    expect(JSON.stringify(overHttp.body)).not.toContain('Table 3');

    // A session whose invites were never recorded (created before this record): an empty list.
    const old = await server.palabre.sessions.create({ title: 'Ancienne session' });
    expect(await server.api('GET', `/api/sessions/${old.id}/invites`)).toMatchObject({
      status: 200,
      body: { ok: true, invites: [] },
    });
    expect((await server.api('GET', '/api/sessions/nope/invites')).status).toBe(404);
  });
});
