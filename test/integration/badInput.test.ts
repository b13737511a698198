import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { connectClient, startServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

function rawSocket(url: string, auth: unknown): Socket {
  const socket = io(url, { transports: ['websocket'], reconnection: false, auth: auth as object });
  onTestFinished(() => void socket.disconnect());
  return socket;
}

async function refusal(url: string, auth: unknown): Promise<{ code: string; message: string }> {
  const socket = rawSocket(url, auth);
  const [err] = await waitFor<[Error & { data: { code: string; message: string } }]>(socket, 'connect_error');
  return err.data;
}

describe('bad input never crashes the server nor changes a session', () => {
  it('refuses connections with missing, malformed, forged and expired tokens', async () => {
    const server = await startServer();
    const { session, invites } = await server.createSession();
    expect(await refusal(server.url, {})).toMatchObject({ code: 'unauthenticated' });
    expect(await refusal(server.url, { token: invites.participant.token })).toMatchObject({
      code: 'unauthenticated',
    });
    expect(await refusal(server.url, { token: 'forged.token', name: 'X' })).toMatchObject({
      code: 'unauthenticated',
    });
    expect(await refusal(server.url, { token: invites.participant.token, name: '' })).toMatchObject({
      code: 'unauthenticated',
    });
    const short = await server.api('POST', `/api/sessions/${session.id}/invites`, {
      role: 'participant',
      ttlHours: 1e-7,
    });
    expect(short.status).toBe(201);
    expect(await refusal(server.url, { token: short.body.invite.token, name: 'Late' })).toMatchObject({
      code: 'token_expired',
    });
    const after = await server.api('GET', `/api/sessions/${session.id}`);
    expect(Object.keys(after.body.session.members)).toHaveLength(0);
  });

  it('answers malformed socket messages with typed errors, then keeps serving', async () => {
    const server = await startServer();
    const { session, invites } = await server.createSession();
    const fac = await connectClient(server.url, { token: invites.facilitator.token, name: 'F' });
    const version = fac.state!.version;
    const socket = rawSocket(server.url, { token: invites.participant.token, name: 'Mallory' });
    await waitFor(socket, 'snapshot');

    const ask = (event: string, ...args: unknown[]) =>
      socket.timeout(2000).emitWithAck(event, ...args) as Promise<{ ok: boolean; error?: { code: string } }>;
    const cases: [string, unknown[], string][] = [
      ['command', [null], 'bad_request'],
      ['command', ['phase.goto'], 'bad_request'],
      ['command', [[1, 2, 3]], 'bad_request'],
      ['command', [{}], 'bad_request'],
      ['command', [{ type: 'drop.tables' }], 'unknown_command'],
      ['command', [{ type: '__proto__' }], 'unknown_command'],
      ['command', [{ type: 'member.rename', name: 42 }], 'bad_request'],
      ['command', [{ type: 'member.rename', name: 'x'.repeat(500) }], 'bad_request'],
      ['command', [{ type: 'member.rename', name: 'ok', extra: true }], 'bad_request'],
      ['command', [{ type: 'member.rename', name: 'ok' }, 'extra'], 'bad_request'],
      ['sync', [{ after: -1 }], 'bad_request'],
      ['sync', ['yesterday'], 'bad_request'],
      ['whatever', [{}], 'unknown_command'],
      ['phase.goto', [{ groupId: 'all' }], 'unknown_command'],
    ];
    for (const [event, args, code] of cases) {
      const answer = await ask(event, ...args);
      expect(answer, `${event} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code } });
    }
    // Messages without an ack are dropped silently.
    socket.emit('command', { type: 'member.rename', name: 'no ack' });
    socket.emit('command');

    // An oversized message closes only that connection.
    const big = rawSocket(server.url, { token: invites.participant.token, name: 'Big' });
    await waitFor(big, 'snapshot');
    const dropped = waitFor(big, 'disconnect');
    big.emit('command', { type: 'announcement.make', text: 'x'.repeat(200_000) }, () => {});
    await dropped;

    // The server still serves and the session is intact.
    const health = await server.api('GET', '/healthz');
    expect(health.status).toBe(200);
    const state = await fac.waitFor((s) => s.version >= version + 2); // the two joins
    expect(state.announcements).toEqual([]);
    expect(await fac.command({ type: 'announcement.make', text: 'still here' })).toMatchObject({ ok: true });
    const fresh = await connectClient(server.url, { token: invites.observer.token, name: 'Late observer' });
    expect(fresh.state!.id).toBe(session.id);
  });

  it('rate-limits a command flood with a typed error', async () => {
    const server = await startServer({ env: { COMMAND_RATE: '5' } });
    const { invites } = await server.createSession();
    const ana = await connectClient(server.url, { token: invites.participant.token, name: 'Ana' });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ana.command({ type: 'member.rename', name: `Ana ${i}` })),
    );
    const limited = answers.filter((a) => !a.ok && a.error.code === 'rate_limited');
    expect(limited.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.ok).length).toBeGreaterThan(0);
  });

  it('answers bad HTTP requests with typed errors', async () => {
    const server = await startServer();
    const { session, invites } = await server.createSession();
    const cases: [string, string, unknown, string | undefined, number, string][] = [
      ['POST', '/api/sessions', { title: 'x' }, undefined, 401, 'unauthenticated'],
      ['POST', '/api/sessions', { title: 'x' }, 'wrong-admin-token-00000', 401, 'unauthenticated'],
      ['POST', '/api/sessions', '{"title":', 'ADMIN', 400, 'bad_request'],
      ['POST', '/api/sessions', { title: '' }, 'ADMIN', 400, 'bad_request'],
      ['POST', '/api/sessions', { title: 'x', agenda: [] }, 'ADMIN', 400, 'bad_request'],
      ['POST', '/api/sessions', { title: 'x', template: 'nope' }, 'ADMIN', 400, 'bad_request'],
      ['POST', '/api/sessions', { title: 'x', hack: 1 }, 'ADMIN', 400, 'bad_request'],
      ['POST', '/api/sessions', { title: 'x'.repeat(100_000) }, 'ADMIN', 413, 'payload_too_large'],
      ['GET', `/api/sessions/${session.id}`, undefined, undefined, 401, 'unauthenticated'],
      ['GET', '/api/sessions/..%2F..%2Fetc', undefined, 'ADMIN', 404, 'not_found'],
      ['GET', '/api/sessions/nope', undefined, 'ADMIN', 404, 'not_found'],
      ['GET', '/api/nothing', undefined, 'ADMIN', 404, 'not_found'],
      ['POST', `/api/sessions/${session.id}/invites`, { role: 'king' }, 'ADMIN', 400, 'bad_request'],
      [
        'POST',
        `/api/sessions/${session.id}/invites`,
        { role: 'facilitator' },
        invites.participant.token,
        403,
        'forbidden',
      ],
    ];
    for (const [method, path, body, token, status, code] of cases) {
      const res = await server.api(method, path, body, token === 'ADMIN' ? undefined : (token ?? ''));
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.body).toMatchObject({ ok: false, error: { code } });
    }
    const asObserver = await server.api(
      'GET',
      `/api/sessions/${session.id}`,
      undefined,
      invites.observer.token,
    );
    expect(asObserver.status).toBe(200);
    expect((await server.api('GET', '/healthz')).status).toBe(200);
  });

  it('the SDK surfaces a refused connection as a typed error', async () => {
    const server = await startServer();
    const client = new PalabreClient({
      url: server.url,
      token: 'x.y',
      name: 'X',
      socket: { reconnection: false },
    });
    onTestFinished(() => client.close());
    await expect(client.connect()).rejects.toMatchObject({ error: { code: 'unauthenticated' } });
  });
});
