import { io } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { JoinAttribute } from '../../shared/session/members/joinAttributes.js';
import { connectClient, startServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const DEFINITION: JoinAttribute[] = [
  { key: 'age', label: 'Tranche d’âge', choices: ['18-29', '30-59', '60+'], required: true },
  { key: 'quartier', label: 'Votre quartier' },
];

async function refusal(url: string, auth: object): Promise<{ code: string; message: string }> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, auth });
  onTestFinished(() => void socket.disconnect());
  const [err] = await waitFor<[Error & { data: { code: string; message: string } }]>(socket, 'connect_error');
  return err.data;
}

describe('attributes asked at join', () => {
  it('refuses bad answers in the handshake; good ones land, seen by facilitators only', async () => {
    const server = await startServer();
    const { session, invites } = await server.createSession({ settings: { joinAttributes: DEFINITION } });
    expect(session.settings.joinAttributes).toEqual(DEFINITION);

    // The definition is public: the join page reads it with the invite itself.
    const checked = await server.api(
      'GET',
      `/api/sessions/${session.id}`,
      undefined,
      invites.participant.token,
    );
    expect(checked.body.session.settings.joinAttributes).toEqual(DEFINITION);

    const token = invites.participant.token;
    expect(
      await refusal(server.url, { token, name: 'A', attributes: { age: '18-29', shoe: '42' } }),
    ).toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('unknown attribute "shoe"'),
    });
    expect(await refusal(server.url, { token, name: 'A', attributes: { age: '12' } })).toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('"age" must be one of'),
    });
    expect(await refusal(server.url, { token, name: 'A', attributes: { quartier: 'Nord' } })).toMatchObject({
      code: 'bad_request',
      message: 'please answer: age',
    });

    const facilitator = await connectClient(server.url, { token: invites.facilitator.token, name: 'Fatou' });
    const observer = await connectClient(server.url, { token: invites.observer.token, name: 'Écran' });
    const ana = await connectClient(server.url, {
      token,
      name: 'Ana',
      attributes: { age: '60+', quartier: 'Nord' },
    });
    const bob = await connectClient(server.url, { token, name: 'Bob', attributes: { age: '18-29' } });
    const anaId = ana.welcome!.memberId;
    await facilitator.waitFor((s) => Object.keys(s.members).length === 4);
    await observer.waitFor((s) => Object.keys(s.members).length === 4);
    await ana.waitFor((s) => Object.keys(s.members).length === 4);

    expect(facilitator.state!.members[anaId]!.attributes).toEqual({ age: '60+', quartier: 'Nord' });
    for (const client of [observer, ana, bob]) {
      expect(client.state!.members[anaId]!.attributes).toEqual({});
      expect(client.state!.settings.joinAttributes).toEqual(DEFINITION);
    }
    // Nothing was recorded for the refused joins.
    expect(Object.values(facilitator.state!.members).map((m) => m.name)).toEqual([
      'Fatou',
      'Écran',
      'Ana',
      'Bob',
    ]);

    // Facilitators change the definition with settings.update; a bad definition is refused.
    const bad = await facilitator.command({
      type: 'settings.update',
      joinAttributes: [{ key: 'age', label: 'x', choices: [] }],
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const changed = await facilitator.command({ type: 'settings.update', joinAttributes: [] });
    expect(changed.ok).toBe(true);
    await observer.waitFor((s) => s.settings.joinAttributes?.length === 0);
    expect(await refusal(server.url, { token, name: 'C', attributes: { age: '60+' } })).toMatchObject({
      code: 'bad_request',
    });
  });
});
