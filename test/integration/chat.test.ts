import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../shared/session/events.js';
import type { SyncAck } from '../../shared/protocol.js';
import type { PalabreClient } from '../../client/sdk/palabreClient.js';
import { connectClient, startServer } from '../helpers/server.js';

/**
 * A session with a facilitator, two participants and an observer, each recording every raw event batch the
 * server sends it (as sent, before evolve).
 */
async function chatRoom() {
  const server = await startServer();
  const { invites } = await server.createSession({});
  const fac = await connectClient(server.url, { token: invites.facilitator.token, name: 'Fatou' });
  const ana = await connectClient(server.url, { token: invites.participant.token, name: 'Ana' });
  const ben = await connectClient(server.url, { token: invites.participant.token, name: 'Ben' });
  const obs = await connectClient(server.url, { token: invites.observer.token, name: 'Presse' });
  const received = new Map<PalabreClient, SessionEvent[]>();
  for (const c of [fac, ana, ben, obs]) {
    received.set(c, []);
    c.on('state', (_state, events) => received.get(c)!.push(...events));
  }
  return { server, invites, fac, ana, ben, obs, received };
}

describe('chat over socket.io', () => {
  it('sends a private question to its author and the facilitators only, everything else to all; hides; refuses observers', async () => {
    const { server, invites, fac, ana, ben, obs, received } = await chatRoom();
    const clients = [fac, ana, ben, obs];

    const asked = await ben.command({
      type: 'chat.post',
      channel: 'facilitators',
      text: 'Question privée de Ben',
    });
    expect(asked.ok).toBe(true);
    const said = await ana.command({ type: 'chat.post', channel: 'group', text: 'Bonjour à tous' });
    expect(said.ok).toBe(true);
    // The facilitator answers Ben privately: Ben and the facilitators read it, nobody else.
    const answered = await fac.command({
      type: 'chat.post',
      channel: 'facilitators',
      to: ben.memberId!,
      text: 'Réponse privée à Ben',
    });
    expect(answered.ok).toBe(true);
    const version = answered.ok ? answered.version : -1;
    for (const c of clients) await c.waitFor((s) => s.version >= version);

    const texts = (c: typeof fac) => (c.state!.chat ?? []).map((m) => m.text);
    expect(texts(fac)).toEqual(['Question privée de Ben', 'Bonjour à tous', 'Réponse privée à Ben']);
    expect(texts(ben)).toEqual(['Question privée de Ben', 'Bonjour à tous', 'Réponse privée à Ben']);
    expect(texts(ana)).toEqual(['Bonjour à tous']);
    expect(texts(obs)).toEqual(['Bonjour à tous']);
    // Not even the raw events carry them (nor who asked, nor whom the answer is for) to the others.
    for (const c of [ana, obs]) {
      const raw = JSON.stringify(received.get(c));
      expect(raw).not.toContain('Question privée');
      expect(raw).not.toContain('Réponse privée');
      expect(raw).not.toContain(ben.memberId!);
    }
    // A client catching up after a blip reads the same.
    const late = await connectClient(server.url, { token: invites.participant.token, name: 'Chloé' });
    expect(texts(late)).toEqual(['Bonjour à tous']);
    // So does the session read over HTTP with each member's own token.
    const overHttp = async (c: typeof fac) => {
      const res = await server.api(
        'GET',
        `/api/sessions/${c.welcome!.sessionId}`,
        undefined,
        c.welcome!.resumeToken,
      );
      return (res.body as { session: { chat?: { text: string }[] } }).session.chat?.map((m) => m.text);
    };
    expect(await overHttp(ben)).toEqual(['Question privée de Ben', 'Bonjour à tous', 'Réponse privée à Ben']);
    expect(await overHttp(ana)).toEqual(['Bonjour à tous']);

    const message = fac.state!.chat!.find((m) => m.text === 'Bonjour à tous')!;
    expect(await ana.command({ type: 'chat.hide', messageId: message.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const hidden = await fac.command({ type: 'chat.hide', messageId: message.id });
    expect(hidden.ok).toBe(true);
    const after = hidden.ok ? hidden.version : -1;
    const shown = await obs.waitFor((s) => s.version >= after);
    expect(shown.chat![0]).toMatchObject({ text: '', hidden: { by: fac.memberId } });
    expect(await obs.command({ type: 'chat.post', channel: 'group', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ana.command({ type: 'chat.post', channel: 'group', text: 'x'.repeat(501) })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it('sends each reader only the chat of the group they read: snapshot, live events, sync, reconnect and HTTP', async () => {
    const { server, fac, ana, ben, obs, received } = await chatRoom();
    const ok = async (c: PalabreClient, command: Parameters<PalabreClient['command']>[0]) => {
      const ack = await c.command(command);
      expect(ack).toMatchObject({ ok: true });
      return ack.ok ? ack.version : -1;
    };
    await ok(fac, { type: 'group.create', name: 'A', groupId: 'ga' });
    await ok(fac, { type: 'group.create', name: 'B', groupId: 'gb' });
    await ok(fac, { type: 'member.move', memberId: ana.memberId!, groupId: 'ga' });
    const before = await ok(fac, { type: 'member.move', memberId: ben.memberId!, groupId: 'gb' });
    await ok(ana, { type: 'chat.post', channel: 'group', text: 'Secret du groupe A' });
    await ok(ben, { type: 'chat.post', channel: 'group', text: 'Secret du groupe B' });
    const last = await ok(fac, { type: 'chat.post', channel: 'group', text: 'Annonce en plénière' });
    for (const c of [fac, ana, ben, obs]) await c.waitFor((s) => s.version >= last);

    const texts = (state: { chat?: { text: string }[] } | null) => (state?.chat ?? []).map((m) => m.text);
    expect(texts(fac.state)).toEqual(['Secret du groupe A', 'Secret du groupe B', 'Annonce en plénière']);
    expect(texts(ana.state)).toEqual(['Secret du groupe A']);
    expect(texts(ben.state)).toEqual(['Secret du groupe B']);
    expect(texts(obs.state)).toEqual(['Annonce en plénière']);
    // Not in the live events either, as sent.
    const raw = (c: PalabreClient) => JSON.stringify(received.get(c));
    expect(raw(ana)).not.toContain('groupe B');
    expect(raw(ana)).not.toContain('plénière');
    expect(raw(ben)).not.toContain('groupe A');
    expect(raw(obs)).not.toContain('Secret');

    // Catching up with `sync`: the missing events, redacted alike.
    const synced: SyncAck = await ana.socket.timeout(5000).emitWithAck('sync', { after: before });
    expect(synced).toMatchObject({ ok: true, events: expect.any(Array) });
    expect(JSON.stringify(synced)).toContain('groupe A');
    expect(JSON.stringify(synced)).not.toContain('groupe B');
    // Coming back (a new connection with the resume token): the snapshot holds the same.
    const anaAgain = await connectClient(server.url, { resume: ana.welcome!.resumeToken });
    expect(texts(anaAgain.state)).toEqual(['Secret du groupe A']);
    const obsAgain = await connectClient(server.url, { resume: obs.welcome!.resumeToken });
    expect(texts(obsAgain.state)).toEqual(['Annonce en plénière']);
    // And over HTTP with each member's own token.
    const overHttp = async (c: PalabreClient) => {
      const res = await server.api(
        'GET',
        `/api/sessions/${c.welcome!.sessionId}`,
        undefined,
        c.welcome!.resumeToken,
      );
      expect(res.status).toBe(200);
      return texts((res.body as { session: { chat?: { text: string }[] } }).session);
    };
    expect(await overHttp(ana)).toEqual(['Secret du groupe A']);
    expect(await overHttp(obs)).toEqual(['Annonce en plénière']);
    expect(await overHttp(fac)).toEqual(['Secret du groupe A', 'Secret du groupe B', 'Annonce en plénière']);

    // Moved to group B, Ana reads B's chat — its earlier messages included — and no longer A's.
    const moved = await ok(fac, { type: 'member.move', memberId: ana.memberId!, groupId: 'gb' });
    const inB = await ana.waitFor((s) => s.version >= moved && texts(s).includes('Secret du groupe B'));
    expect(texts(inB)).toEqual(['Secret du groupe B']);
    const afterMove = await ok(ana, { type: 'chat.post', channel: 'group', text: 'Ana dans B' });
    expect(texts(await ben.waitFor((s) => s.version >= afterMove))).toEqual([
      'Secret du groupe B',
      'Ana dans B',
    ]);
    expect(texts(await anaAgain.waitFor((s) => s.version >= afterMove))).toEqual([
      'Secret du groupe B',
      'Ana dans B',
    ]);
    const resynced: SyncAck = await ana.socket.timeout(5000).emitWithAck('sync', { after: before });
    expect(resynced).toMatchObject({ ok: true, state: expect.any(Object) });
    expect(JSON.stringify(resynced)).not.toContain('groupe A');
  });
});
