import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../server/log.js';
import { startServer } from '../helpers/server.js';

/** Every address in 127.0.0.0/8 is this machine: 127.0.0.2 plays the proxy, 127.0.0.1 someone else. */
const PROXY = '127.0.0.2';
const ELSEWHERE = '127.0.0.1';

function wsUrl(url: string, path: string) {
  return `${url.replace(/^http/, 'ws')}${path}`;
}

/** Opens a WebSocket from `from`, claiming to forward for `forwardedFor`; resolves with what happened. */
function open(url: string, from: string, forwardedFor: string): Promise<{ ws: WebSocket; status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { localAddress: from, headers: { 'x-forwarded-for': forwardedFor } });
    onTestFinished(() => ws.terminate());
    ws.on('error', () => undefined);
    ws.once('open', () => resolve({ ws, status: 101 }));
    ws.once('unexpected-response', (_req, res) => resolve({ ws, status: res.statusCode ?? 0 }));
  });
}

/** A socket.io handshake over a raw WebSocket (Engine.IO 4): the server's answer to CONNECT with `auth`. */
function handshake(url: string, from: string, forwardedFor: string, auth: object): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl(url, '/socket.io/?EIO=4&transport=websocket'), {
      localAddress: from,
      headers: { 'x-forwarded-for': forwardedFor },
    });
    onTestFinished(() => ws.terminate());
    ws.on('error', () => resolve('error'));
    ws.on('message', (data: Buffer) => {
      const packet = data.toString();
      if (packet.startsWith('0{')) ws.send(`40${JSON.stringify(auth)}`);
      else if (packet.startsWith('40')) resolve('connected');
      else if (packet.startsWith('44')) resolve(JSON.parse(packet.slice(2)).data.code);
    });
  });
}

describe('behind a proxy (TRUST_PROXY)', () => {
  it('limits by the client address a trusted proxy names; ignores what anyone else claims', async () => {
    const lines: Record<string, any>[] = [];
    const server = await startServer({
      env: { TRUST_PROXY: PROXY, MAX_SOCKETS_PER_IP: '1', YJS_MAX_CONNECTIONS_PER_IP: '1' },
      overrides: { log: createLogger('info', (line) => lines.push(JSON.parse(line))) },
    });
    const { session, invites } = await server.createSession();
    const join = (from: string, forwardedFor: string) =>
      handshake(server.url, from, forwardedFor, { token: invites.participant.token, name: 'Ana' });

    // socket.io: through the proxy, two clients are two addresses, and the second socket of one is refused.
    expect(await join(PROXY, '203.0.113.1')).toBe('connected');
    expect(await join(PROXY, '198.51.100.7, 203.0.113.2')).toBe('connected');
    expect(await join(PROXY, '203.0.113.1')).toBe('limit_exceeded');
    // From elsewhere, X-Forwarded-For is a claim like any other header: all of it is one address.
    expect(await join(ELSEWHERE, '203.0.113.3')).toBe('connected');
    expect(await join(ELSEWHERE, '203.0.113.4')).toBe('limit_exceeded');

    // The document endpoint counts the same way.
    const doc = wsUrl(server.url, `/yjs/${session.id}/plenary?token=${invites.observer.token}`);
    expect((await open(doc, PROXY, '203.0.113.1')).status).toBe(101);
    expect((await open(doc, PROXY, '203.0.113.2')).status).toBe(101);
    expect((await open(doc, PROXY, '203.0.113.1')).status).toBe(429);
    expect((await open(doc, ELSEWHERE, '203.0.113.3')).status).toBe(101);
    expect((await open(doc, ELSEWHERE, '203.0.113.4')).status).toBe(429);

    // HTTP: the request log shows the client's address, not the proxy's.
    await fetch(`${server.url}/api/templates`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const viaLoopback = lines.find((l) => l.msg === 'request completed' && l.req.url === '/api/templates');
    expect(viaLoopback?.req.ip).toBe(ELSEWHERE);
  });

  it('a hop count trusts that many proxies; a bad value stops the start-up', async () => {
    const server = await startServer({ env: { TRUST_PROXY: '1', MAX_SOCKETS_PER_IP: '1' } });
    const { invites } = await server.createSession();
    const join = (forwardedFor: string) =>
      handshake(server.url, ELSEWHERE, forwardedFor, { token: invites.participant.token, name: 'Ana' });
    expect(await join('203.0.113.1')).toBe('connected');
    expect(await join('203.0.113.2')).toBe('connected');
    expect(await join('203.0.113.1')).toBe('limit_exceeded');
    await expect(startServer({ env: { TRUST_PROXY: 'true' } })).rejects.toThrow(/TRUST_PROXY/);
    await expect(startServer({ env: { TRUST_PROXY: '10.0.0.300' } })).rejects.toThrow(/TRUST_PROXY/);
  });
});
