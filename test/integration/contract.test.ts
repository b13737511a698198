import type { Router } from 'express';
import { io } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { unknownSettings } from '../../server/config.js';
import { documentRoutes } from '../../server/transport/http/documentRoutes.js';
import { privacyRoutes } from '../../server/transport/http/privacyRoutes.js';
import { outcomeRoutes } from '../../server/transport/http/outcomeRoutes.js';
import { sessionRoutes } from '../../server/transport/http/sessionRoutes.js';
import { CLIENT_EVENTS, PROTOCOL_VERSION } from '../../shared/protocol.js';
import { startServer } from '../helpers/server.js';

/** Every `method path` an express router serves, in OpenAPI's spelling (`:id` → `{id}`). */
function routesOf(router: Router, prefix = '/api'): string[] {
  return router.stack.flatMap((layer) => {
    const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
    if (!route) return [];
    const path = `${prefix}${route.path.replace(/:(\w+)/g, '{$1}')}`;
    return Object.keys(route.methods).map((method) => `${method} ${path}`);
  });
}

describe('the contract', () => {
  it('GET /api/openapi.json documents every API route, with request schemas from the zod schemas, and the socket events', async () => {
    const server = await startServer();
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe('3.0.3');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, item]) =>
        Object.keys(item)
          .filter((k) => k !== 'parameters')
          .map((method) => `${method} ${path}`),
    );
    const deps = {} as never;
    const routes = [
      sessionRoutes(deps),
      outcomeRoutes(deps),
      documentRoutes(deps),
      privacyRoutes(deps),
    ].flatMap((r) => routesOf(r));
    expect(routes.length).toBeGreaterThanOrEqual(8);
    for (const route of routes) expect(documented).toContain(route);
    const create = doc.paths['/api/sessions'].post.requestBody.content['application/json'].schema;
    expect(create.required).toContain('title');
    expect(create.properties.title).toMatchObject({ type: 'string', minLength: 1 });
    expect(create.additionalProperties).toBe(false);
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toContain(
      'unsupported_protocol',
    );

    const socket = doc['x-socket-io'];
    expect(socket.protocolVersion).toBe(PROTOCOL_VERSION);
    expect(Object.keys(socket.clientEvents).sort()).toEqual([...CLIENT_EVENTS].sort());
    expect(JSON.stringify(socket.clientEvents.command.payload)).toContain('"phase.goto"');
    expect(JSON.stringify(socket.handshake.auth)).toContain('"protocol"');
    expect(Object.keys(socket.serverEvents).sort()).toEqual([
      'events',
      'notice',
      'snapshot',
      'voice.renegotiate',
      'voice.signal',
      'welcome',
    ]);
    expect(JSON.stringify(socket.clientEvents['voice.signal'].payload)).toContain('"offer"');
  });

  it('refuses a client that speaks another protocol version, clearly; accepts the current one and none', async () => {
    const server = await startServer();
    const { invites } = await server.createSession();
    const connect = (auth: Record<string, unknown>) =>
      new Promise<string>((resolve) => {
        const socket = io(server.url, { transports: ['websocket'], reconnection: false, auth });
        onTestFinished(() => void socket.close());
        socket.on('connect', () => resolve('connected'));
        socket.on('connect_error', (err: Error & { data?: { code: string; message: string } }) =>
          resolve(`${err.data?.code}: ${err.data?.message}`),
        );
      });
    const invite = { token: invites.participant.token, name: 'Ana' };
    expect(await connect({ ...invite, protocol: PROTOCOL_VERSION + 1 })).toMatch(
      /^unsupported_protocol: this client speaks protocol 2; this server speaks 1/,
    );
    expect(await connect({ ...invite, protocol: PROTOCOL_VERSION })).toBe('connected');
    expect(await connect(invite)).toBe('connected');
  });

  it('warns about variables that look like settings but are none', () => {
    const found = unknownSettings({
      PATH: '/usr/bin',
      HOME: '/root',
      PORT: '3000',
      YJS_MAX_CONECTIONS_PER_IP: '10',
      SHUTDOWN_TIMOUT_MS: '5000',
      PALABRE_SECRET: 'x',
      PALABRE_PORT: '8080',
      REDIS_PASSWORD: 'x',
      LOG_LEVEL: 'info',
      WORKERS: '2',
    });
    expect(found).toEqual([
      { name: 'YJS_MAX_CONECTIONS_PER_IP', suggestion: 'YJS_MAX_CONNECTIONS_PER_IP' },
      { name: 'SHUTDOWN_TIMOUT_MS', suggestion: 'SHUTDOWN_TIMEOUT_MS' },
      { name: 'PALABRE_SECRET', suggestion: 'SECRET' },
      { name: 'PALABRE_PORT', suggestion: 'PORT' },
      { name: 'REDIS_PASSWORD', suggestion: undefined },
    ]);
  });
});
