/**
 * Cross-process latency: a command handled by process A, measured at a client connected to process B,
 * beside plain socket.io servers with the same Redis streams adapter relaying a payload of the same size.
 */
import { io } from 'socket.io-client';
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { ADMIN_TOKEN } from '../../test/helpers/constants.js';
import { startRedis } from '../../test/helpers/redis.js';
import { spawnPalabre } from '../../test/helpers/spawn.js';
import { round, summary } from '../stats.js';
import { runScript } from '../support/processes.js';

export const description =
  'command on process A → client on process B (p50/p99 ms), vs plain socket.io + the same Redis streams adapter';

const WARMUP = 50;
const SAMPLES = 2000;

async function palabre(redisUrl: string): Promise<{ latencies: number[]; payloadBytes: number }> {
  const env = {
    REDIS_URL: redisUrl,
    REDIS_PREFIX: 'bench-palabre',
    LOG_LEVEL: 'warn',
    COMMAND_RATE: '10000',
  };
  const [a, b] = await Promise.all([spawnPalabre(env), spawnPalabre(env)]);
  try {
    const created = (await fetch(`${a.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'bench' }),
    }).then((r) => r.json())) as { invites: { facilitator: { token: string }; observer: { token: string } } };
    const sender = new PalabreClient({ url: a.url, token: created.invites.facilitator.token, name: 'A' });
    const receiver = new PalabreClient({ url: b.url, token: created.invites.observer.token, name: 'B' });
    await Promise.all([sender.connect(), receiver.connect()]);
    const latencies: number[] = [];
    let payloadBytes = 0;
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const text = `announcement ${i}`;
      const received = new Promise<number>((resolve) => {
        const off = receiver.on('state', (_state, events) => {
          const hit = events.find((e) => e.type === 'announcement.made' && e.data.text === text);
          if (!hit) return;
          payloadBytes = JSON.stringify({ sessionId: 'x', events }).length;
          off();
          resolve(performance.now());
        });
      });
      const sent = performance.now();
      await sender.command({ type: 'announcement.make', text });
      const at = await received;
      if (i >= WARMUP) latencies.push(at - sent);
    }
    sender.close();
    receiver.close();
    return { latencies, payloadBytes };
  } finally {
    await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
  }
}

async function baseline(redisUrl: string, payloadBytes: number): Promise<number[]> {
  const env = { REDIS_URL: redisUrl, PREFIX: 'bench-plain' };
  const [a, b] = await Promise.all([
    runScript('bench/support/plainSocketServer.ts', env),
    runScript('bench/support/plainSocketServer.ts', env),
  ]);
  try {
    const sender = io(`http://127.0.0.1:${a.port}`, { transports: ['websocket'], forceNew: true });
    const receiver = io(`http://127.0.0.1:${b.port}`, { transports: ['websocket'], forceNew: true });
    await Promise.all(
      [sender, receiver].map((s) => new Promise<void>((resolve) => s.once('connect', () => resolve()))),
    );
    const latencies: number[] = [];
    const filler = 'x'.repeat(Math.max(0, payloadBytes - 60));
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const received = new Promise<number>((resolve) => {
        const onEvent = (payload: { i: number }) => {
          if (payload.i !== i) return;
          receiver.off('events', onEvent);
          resolve(performance.now());
        };
        receiver.on('events', onEvent);
      });
      const sent = performance.now();
      sender.emit('relay', { i, filler });
      const at = await received;
      if (i >= WARMUP) latencies.push(at - sent);
    }
    sender.close();
    receiver.close();
    return latencies;
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const redis = await startRedis();
  try {
    const ours = await palabre(redis.url);
    const base = await baseline(redis.url, ours.payloadBytes);
    const p = summary(ours.latencies);
    const q = summary(base);
    return {
      samples: SAMPLES,
      payloadBytes: ours.payloadBytes,
      palabre: p,
      baseline: q,
      ratioP50: round(p.p50 / q.p50),
      ratioP99: round(p.p99 / q.p99),
    };
  } finally {
    await redis.stop();
  }
}
