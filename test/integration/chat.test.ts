import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../shared/session/events.js';
import { connectClient, startServer } from '../helpers/server.js';

describe('chat over socket.io', () => {
  it('sends a private question to its author and the facilitators only, everything else to all; hides; refuses observers', async () => {
    const server = await startServer();
    const { invites } = await server.createSession({});
    const fac = await connectClient(server.url, { token: invites.facilitator.token, name: 'Fatou' });
    const ana = await connectClient(server.url, { token: invites.participant.token, name: 'Ana' });
    const ben = await connectClient(server.url, { token: invites.participant.token, name: 'Ben' });
    const obs = await connectClient(server.url, { token: invites.observer.token, name: 'Presse' });
    const clients = [fac, ana, ben, obs];
    // Every raw event batch each client receives from the server, as sent (before evolve).
    const received = new Map(clients.map((c) => [c, [] as SessionEvent[]]));
    for (const c of clients) c.on('state', (_state, events) => received.get(c)!.push(...events));

    const asked = await ben.command({
      type: 'chat.post',
      channel: 'facilitators',
      text: 'Question privée de Ben',
    });
    expect(asked.ok).toBe(true);
    const said = await ana.command({ type: 'chat.post', channel: 'group', text: 'Bonjour à tous' });
    expect(said.ok).toBe(true);
    const version = said.ok ? said.version : -1;
    for (const c of clients) await c.waitFor((s) => s.version >= version);

    const texts = (c: typeof fac) => (c.state!.chat ?? []).map((m) => m.text);
    expect(texts(fac)).toEqual(['Question privée de Ben', 'Bonjour à tous']);
    expect(texts(ben)).toEqual(['Question privée de Ben', 'Bonjour à tous']);
    expect(texts(ana)).toEqual(['Bonjour à tous']);
    expect(texts(obs)).toEqual(['Bonjour à tous']);
    // Not even the raw events carry it (nor who asked) to the others.
    for (const c of [ana, obs]) {
      const raw = JSON.stringify(received.get(c));
      expect(raw).not.toContain('Question privée');
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
    expect(await overHttp(ben)).toEqual(['Question privée de Ben', 'Bonjour à tous']);
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
});
