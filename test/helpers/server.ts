import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import type { PalabreClientOptions } from '../../client/sdk/palabreClient.js';
import { createPalabre } from '../../server/app.js';
import type { Palabre, PalabreOverrides } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { SessionState } from '../../shared/session/types.js';

import { ADMIN_TOKEN, SECRET, testEnv } from './constants.js';

export { ADMIN_TOKEN, SECRET };

export interface Invites {
  facilitator: { token: string; url: string };
  participant: { token: string; url: string };
  observer: { token: string; url: string };
}

export interface TestServer {
  url: string;
  palabre: Palabre;
  dataDir: string;
  api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  createSession(body?: Record<string, unknown>): Promise<{ session: SessionState; invites: Invites }>;
  /** Stops the server (keeping its data directory). */
  stop(): Promise<void>;
}

/**
 * Starts a real Palabre server on a free port with its own data directory. Stopped and cleaned up when
 * the test finishes.
 */
export async function startServer(
  options: {
    dataDir?: string;
    env?: Record<string, string>;
    overrides?: PalabreOverrides;
    keepData?: boolean;
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'palabre-test-')));
  const config = await loadConfig({
    ...testEnv(dataDir, process.env.TEST_LOG_LEVEL ?? 'silent'),
    ...options.env,
  });
  const palabre = await createPalabre(config, options.overrides);
  const url = await palabre.listen();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await palabre.close();
  };
  onTestFinished(async () => {
    await stop();
    // Retried: a write still landing as the server closes (ENOTEMPTY) must not fail the test.
    if (!options.dataDir && !options.keepData)
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  const { api, createSession } = serverApi(url);
  return { url, palabre, dataDir, api, stop, createSession };
}

/** The admin API of a Palabre server at `url` (in this process or another). */
export function serverApi(url: string): Pick<TestServer, 'api' | 'createSession'> {
  const api: TestServer['api'] = async (method, path, body, token = ADMIN_TOKEN) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // leave as text
    }
    return { status: response.status, body: parsed };
  };

  return {
    api,
    async createSession(body = {}) {
      const res = await api('POST', '/api/sessions', { title: 'Atelier de quartier', ...body });
      if (res.status !== 201) throw new Error(`createSession failed: ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}

/** Connects a real client (socket.io-client through the SDK) and waits for its first snapshot. */
export async function connectClient(
  url: string,
  options: Omit<PalabreClientOptions, 'url'>,
): Promise<PalabreClient> {
  const client = new PalabreClient({ url, ...options, socket: { reconnection: false, ...options.socket } });
  onTestFinished(() => client.close());
  await client.connect();
  // Presence lands right after the welcome (`member.connected`): wait for it, so that tests counting
  // versions start from a quiet log.
  await client.waitFor((s) => s.members[client.memberId!]?.connected === true);
  return client;
}
