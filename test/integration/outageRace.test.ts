import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { SessionEvent } from '../../shared/session/events.js';
import { uniquePrefix } from '../helpers/redis.js';
import { ADMIN_TOKEN, connectClient } from '../helpers/server.js';
import { spawnPalabre } from '../helpers/spawn.js';
import type { ServerProcess } from '../helpers/spawn.js';

/** Beats every 200 ms, so an outage (three missed beats) takes well under a second. */
const BEAT_MS = 200;
const ROUNDS = 6;

const prefix = uniquePrefix('outages');
const env = { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: prefix, HEARTBEAT_MS: String(BEAT_MS) };
const redis = new Redis(inject('redisUrl'));
let running: ServerProcess[] = [];

afterAll(async () => {
  await Promise.all(running.map((p) => p.kill()));
  redis.disconnect();
});

async function api(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

describe('an outage reported by two processes that start at once', () => {
  it(`is recorded once in the live session, ${ROUNDS} times over`, async () => {
    running = [await spawnPalabre(env)];
    const { session, invites } = await api(running[0]!.url, 'POST', '/api/sessions', {
      title: 'Panne',
      agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600 }],
    });
    const fac = await connectClient(running[0]!.url, { token: invites.facilitator.token, name: 'Fatou' });
    expect(await fac.command({ type: 'phase.goto', groupId: 'all', to: 'first' })).toMatchObject({
      ok: true,
    });
    fac.close();
    /** The outages in the log, read from the process that started last (it reported before listening). */
    const interruptions = async () => {
      const { events } = await api(running.at(-1)!.url, 'GET', `/api/sessions/${session.id}/log?format=json`);
      return (events as SessionEvent[]).filter((e) => e.type === 'service.interrupted');
    };

    for (let round = 1; round <= ROUNDS; round++) {
      // Every process dies; the outage has begun once the last beat is older than three beats.
      await Promise.all(running.map((p) => p.kill()));
      await expect
        .poll(async () => Date.now() - Number(await redis.get(`${prefix}:heartbeat`)), { timeout: 5_000 })
        .toBeGreaterThan(4 * BEAT_MS);
      // Two processes come back at the same moment and both read the last beat before either beats again. The
      // first one reports the outage and is frozen (SIGSTOP: it beats no more); its beat is set back to the one
      // the second one would have read a moment earlier; the second one reports the same outage.
      const lastBeat = await redis.get(`${prefix}:heartbeat`);
      const first = await spawnPalabre(env);
      process.kill(first.child.pid!, 'SIGSTOP');
      await redis.set(`${prefix}:heartbeat`, lastBeat!);
      const second = await spawnPalabre(env);
      process.kill(first.child.pid!, 'SIGCONT');
      running = [first, second];
      const recorded = await interruptions();
      expect(recorded, `round ${round}`).toHaveLength(round);
      expect(new Set(recorded.map((e) => e.type === 'service.interrupted' && e.data.downSince)).size).toBe(
        round,
      );
    }
    // Each round starts two processes from source (about 3 s): far more than the default 20 s in all.
  }, 90_000);
});
