/**
 * Presence: how long a newcomer waits to see someone already in a document. A member on process A sets their
 * awareness state (name, colour) in a group's document; a newcomer opens the same document, and is timed from
 * opening it until A's state reaches them. Measured with the newcomer on process B (the document not loaded
 * there yet: B reads everyone's state from the shared presence store as it loads it) and, in the same run and
 * interleaved, with the newcomer on process A itself (the single-process figure). Stock y-websocket clients.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { ADMIN_TOKEN } from '../../test/helpers/constants.js';
import { startRedis } from '../../test/helpers/redis.js';
import { spawnPalabre } from '../../test/helpers/spawn.js';
import { round, summary } from '../stats.js';

export const description =
  'newcomer on process B sees a member present on process A (p50/p99 ms), vs the newcomer on A itself';

const SAMPLES = Number(process.env.BENCH_PRESENCE_SAMPLES ?? 100);

function open(url: string, sessionId: string, groupId: string, token: string): WebsocketProvider {
  return new WebsocketProvider(`${url.replace(/^http/, 'ws')}/yjs/${sessionId}`, groupId, new Y.Doc(), {
    params: { token },
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
  });
}

/** Resolves with the time (performance.now) when `provider` sees awareness client `client`. */
function sees(provider: WebsocketProvider, client: number): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      if (!provider.awareness.getStates().has(client)) return;
      provider.awareness.off('change', check);
      resolve(performance.now());
    };
    provider.awareness.on('change', check);
    check();
  });
}

export async function run(): Promise<Record<string, unknown>> {
  const redis = await startRedis();
  const env = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'bench-presence',
    LOG_LEVEL: 'warn',
    COMMAND_RATE: '10000',
  };
  const [a, b] = await Promise.all([spawnPalabre(env), spawnPalabre(env)]);
  try {
    // One group per sample and place, so every newcomer opens a document its process has not loaded yet.
    const groups = Math.min(199, 2 * SAMPLES);
    const created = (await fetch(`${a.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'bench',
        groups: Array.from({ length: groups }, (_, i) => ({ name: `G${i}` })),
      }),
    }).then((r) => r.json())) as { session: { id: string; groupOrder: string[] }; invites: any };
    const sessionId = created.session.id;
    const member = new PalabreClient({ url: a.url, token: created.invites.facilitator.token, name: 'Ana' });
    const newcomer = new PalabreClient({ url: b.url, token: created.invites.facilitator.token, name: 'Ben' });
    await Promise.all([member.connect(), newcomer.connect()]);
    const tokenA = member.welcome!.resumeToken;
    const tokenB = newcomer.welcome!.resumeToken;
    const latencies: Record<'crossProcess' | 'sameProcess', number[]> = { crossProcess: [], sameProcess: [] };
    const groupIds = created.session.groupOrder.slice(1);
    for (let i = 0; i < Math.min(SAMPLES, Math.floor(groupIds.length / 2)); i++) {
      for (const [kind, url, groupId] of [
        ['crossProcess', b.url, groupIds[2 * i]!],
        ['sameProcess', a.url, groupIds[2 * i + 1]!],
      ] as const) {
        const present = open(a.url, sessionId, groupId, tokenA);
        present.awareness.setLocalStateField('user', { name: 'Ana', color: '#1d4ed8' });
        await new Promise<void>((resolve) => present.once('sync', () => resolve()));
        // The state is announced on connect; wait until the server has it (a queryAwareness round trip).
        const probe = open(a.url, sessionId, groupId, tokenA);
        await sees(probe, present.doc.clientID);
        probe.destroy();
        const started = performance.now();
        const late = open(url, sessionId, groupId, tokenB);
        const at = await sees(late, present.doc.clientID);
        latencies[kind].push(at - started);
        late.destroy();
        present.destroy();
      }
    }
    member.close();
    newcomer.close();
    const cross = summary(latencies.crossProcess);
    const same = summary(latencies.sameProcess);
    return {
      samples: latencies.crossProcess.length,
      crossProcessMs: cross,
      sameProcessMs: same,
      ratioP50: round(cross.p50 / same.p50),
      ratioP99: round(cross.p99 / same.p99),
    };
  } finally {
    await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
    await redis.stop();
  }
}
