import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startProcess } from '../helpers/processes.js';
import { startRedis, uniquePrefix } from '../helpers/redis.js';
import { ADMIN_TOKEN, connectClient } from '../helpers/server.js';

describe('a Redis restart', () => {
  it('is survived: sockets stay, commands answer `unavailable` meanwhile, then everything recovers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palabre-redis-'));
    const redis = await startRedis({ persistDir: dir });
    onTestFinished(async () => {
      await redis.stop(true);
      await rm(dir, { recursive: true, force: true });
    });
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: uniquePrefix('outage') };
    const [a, b] = await Promise.all([startProcess(env), startProcess(env)]);
    const created = await fetch(`${a.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Commission mixte' }),
    }).then((r) => r.json() as Promise<{ invites: any }>);
    const fac = await connectClient(a.url, { token: created.invites.facilitator.token, name: 'F' });
    const ana = await connectClient(b.url, { token: created.invites.participant.token, name: 'Ana' });
    expect(await fac.command({ type: 'announcement.make', text: 'avant' })).toMatchObject({ ok: true });

    await redis.stop();
    const refused = await fac.command({ type: 'announcement.make', text: 'pendant' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const ready = await fetch(`${a.url}/readyz`);
    expect(ready.status).toBe(503);
    const creating = await fetch(`${b.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Pendant la panne' }),
    });
    expect(creating.status).toBe(503);
    expect(await creating.json()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(fac.socket.connected && ana.socket.connected).toBe(true);

    await redis.start();
    await expect
      .poll(async () => (await fetch(`${a.url}/readyz`)).status, { timeout: 15_000, interval: 100 })
      .toBe(200);
    await expect
      .poll(async () => (await fac.command({ type: 'announcement.make', text: 'après' })).ok, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe(true);
    const state = await ana.waitFor((s) => s.announcements.some((x) => x.text === 'après'), 15_000);
    expect(state.announcements.map((x) => x.text)).toEqual(['avant', 'après']);
    expect(fac.socket.connected && ana.socket.connected).toBe(true);
  });
});
