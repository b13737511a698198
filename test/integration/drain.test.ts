import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { connectClient, startServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

describe('a draining process', () => {
  it('answers /readyz 503 and refuses new sockets and document upgrades with codes that mean "retry"', async () => {
    const server = await startServer();
    const { session, invites } = await server.createSession();
    const fac = await connectClient(server.url, { token: invites.facilitator.token, name: 'Fatou' });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    server.palabre.lifecycle.beginDrain();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ok: false, checks: { process: 'stopping' } });

    const late = new PalabreClient({
      url: server.url,
      resume: fac.welcome!.resumeToken,
      socket: { reconnection: false },
    });
    const status = new Promise((resolve) => late.on('status', resolve));
    void late.connect().catch(() => undefined);
    // `unavailable`: the SDK schedules a retry (on its next URL) instead of giving up.
    expect(await status).toBe('reconnecting');
    late.close();

    const ws = new WebSocket(
      `${server.url.replace(/^http/, 'ws')}/yjs/${session.id}/plenary?token=${fac.welcome!.resumeToken}`,
    );
    ws.on('error', () => undefined);
    const [, response] = await waitFor<[unknown, { statusCode: number }]>(ws, 'unexpected-response');
    expect(response.statusCode).toBe(503);
    ws.terminate();
  });
});
