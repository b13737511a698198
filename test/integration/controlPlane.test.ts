import { describe, expect, it } from 'vitest';
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { connectClient, startServer } from '../helpers/server.js';
import { seenPhase } from '../../shared/session/phases/expectations.js';

async function forum() {
  const server = await startServer();
  const { session, invites } = await server.createSession({
    groups: [{ name: 'Mobilités' }, { name: 'Logement' }],
  });
  const [ga, gb] = session.groupOrder.slice(1) as [string, string];
  const facilitator = await connectClient(server.url, { token: invites.facilitator.token, name: 'Fatou' });
  const ana = await connectClient(server.url, {
    token: invites.participant.token,
    name: 'Ana',
    attributes: { quartier: 'Nord' },
  });
  const ben = await connectClient(server.url, { token: invites.participant.token, name: 'Ben' });
  const observer = await connectClient(server.url, { token: invites.observer.token, name: 'Presse' });
  const clients = [facilitator, ana, ben, observer];
  return { server, session, ga, gb, facilitator, ana, ben, observer, clients };
}

describe('control plane over socket.io', () => {
  it('a facilitator steers two groups; everyone sees it live, in their role', async () => {
    const { ga, gb, facilitator, ana, ben, observer, clients } = await forum();
    expect(ana.welcome!.role).toBe('participant');
    expect(observer.welcome!.role).toBe('observer');

    expect(
      await facilitator.command({ type: 'member.move', memberId: ana.memberId!, groupId: ga }),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await facilitator.command({ type: 'member.move', memberId: ben.memberId!, groupId: gb }),
    ).toMatchObject({
      ok: true,
    });
    const started = await facilitator.command({ type: 'phase.goto', groupId: 'all', to: 'first' });
    expect(started.ok).toBe(true);

    // One group moves on; the others stay.
    const moved = await facilitator.command({
      type: 'phase.goto',
      groupId: ga,
      to: 'next',
      from: seenPhase(facilitator.state!, ga),
    });
    expect(moved.ok).toBe(true);
    const version = moved.ok ? moved.version : -1;
    for (const client of clients) {
      const state = await client.waitFor((s) => s.version >= version);
      expect(state.status).toBe('live');
      expect(state.groups[ga]!.phase!.phaseId).toBe('p2');
      expect(state.groups[gb]!.phase!.phaseId).toBe('p1');
      expect(state.groups[PLENARY_ID]!.phase!.phaseId).toBe('p1');
      expect(state.members[ana.memberId!]!.groupId).toBe(ga);
    }

    // Then all groups at once.
    const all = await facilitator.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } });
    expect(all.ok).toBe(true);
    for (const client of clients) {
      const state = await client.waitFor((s) => s.version >= (all.ok ? all.version : 0));
      for (const id of [PLENARY_ID, ga, gb]) expect(state.groups[id]!.phase!.phaseId).toBe('p4');
    }

    // Private attributes: facilitators only.
    expect(facilitator.state!.members[ana.memberId!]!.attributes).toEqual({ quartier: 'Nord' });
    for (const client of [ana, ben, observer])
      expect(client.state!.members[ana.memberId!]!.attributes).toEqual({});

    // Every client holds the very same public picture.
    const publicViews = [ana, ben, observer].map((c) => JSON.stringify(c.state));
    expect(new Set(publicViews).size).toBe(1);
  });

  it('refuses every command from an observer and from participants where facilitators are needed', async () => {
    const { session, facilitator, ana, observer } = await forum();
    const before = facilitator.state!.version;
    for (const command of [
      { type: 'phase.goto', groupId: 'all', to: 'first' },
      { type: 'member.rename', name: 'Hacker' },
      { type: 'announcement.make', text: 'fake news' },
    ] as const) {
      expect(await observer.command(command)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await ana.command({ type: 'phase.goto', groupId: 'all', to: 'first' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await ana.command({ type: 'member.join', name: 'Sock puppet', role: 'facilitator' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // Nothing changed: a facilitator's next command lands right after the joins.
    const ok = await facilitator.command({ type: 'announcement.make', text: 'Bonjour' });
    expect(ok).toMatchObject({ ok: true, version: before + 1 });
    void session;
  });

  it('a member who reconnects with the resume token is the same member, role and group', async () => {
    const { server, ga, facilitator, ana } = await forum();
    await facilitator.command({ type: 'member.move', memberId: ana.memberId!, groupId: ga });
    const resume = ana.welcome!.resumeToken;
    ana.close();
    const again = await connectClient(server.url, { resume });
    expect(again.memberId).toBe(ana.memberId);
    expect(again.welcome!.role).toBe('participant');
    expect(again.state!.members[again.memberId!]!.groupId).toBe(ga);
    expect(Object.values(again.state!.members).filter((m) => m.name === 'Ana')).toHaveLength(1);
  });

  it('a client that missed events detects the gap and resyncs', async () => {
    const { facilitator, ana } = await forum();
    // Simulate a lost batch by rewinding the client's state to an older version.
    const old = ana.state!;
    await facilitator.command({ type: 'announcement.make', text: 'un' });
    await ana.waitFor((s) => s.announcements.length === 1);
    ana.state = old;
    const two = await facilitator.command({ type: 'announcement.make', text: 'deux' });
    const state = await ana.waitFor((s) => s.version >= (two.ok ? two.version : Infinity));
    expect(state.announcements.map((a) => a.text)).toEqual(['un', 'deux']);
  });

  it('a removed member is disconnected and cannot come back', async () => {
    const { server, facilitator, ben } = await forum();
    const resume = ben.welcome!.resumeToken;
    const notice = new Promise((resolve) => ben.on('notice', resolve));
    const closed = new Promise((resolve) => ben.socket.on('disconnect', resolve));
    await facilitator.command({ type: 'member.remove', memberId: ben.memberId! });
    expect(await notice).toMatchObject({ code: 'removed' });
    await closed;
    const retry = new PalabreClient({ url: server.url, resume, socket: { reconnection: false } });
    await expect(retry.connect()).rejects.toThrow('not_member');
    retry.close();
  });

  it('a restart of the process keeps the session, its members and their resume tokens', async () => {
    const first = await startServer({ keepData: true });
    const { session, invites } = await first.createSession();
    const fac = await connectClient(first.url, { token: invites.facilitator.token, name: 'Fatou' });
    await fac.command({ type: 'group.create', name: 'Atelier vélo', groupId: 'velo' });
    const done = await fac.command({ type: 'phase.goto', groupId: 'all', to: 'first' });
    expect(done.ok).toBe(true);
    const resume = fac.welcome!.resumeToken;
    fac.close();
    await first.stop();

    const second = await startServer({ dataDir: first.dataDir });
    const back = await connectClient(second.url, { resume });
    expect(back.memberId).toBe(fac.memberId);
    expect(back.state!.id).toBe(session.id);
    expect(back.state!.groups.velo!.phase!.phaseId).toBe('p1');
    expect(back.state!.version).toBe(done.ok ? done.version : -1);
    expect(
      await back.command({
        type: 'phase.goto',
        groupId: 'velo',
        to: 'next',
        from: seenPhase(back.state!, 'velo'),
      }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('answers a time ping with the server clock', async () => {
    const { ana } = await forum();
    const offset = await ana.measureClock(3);
    expect(Math.abs(offset)).toBeLessThan(1000);
  });
});
