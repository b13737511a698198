import { describe, expect, inject, it } from 'vitest';
import type { SessionEvent } from '../../shared/session/events.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { startProcess } from '../helpers/processes.js';
import { uniquePrefix } from '../helpers/redis.js';
import { ADMIN_TOKEN, connectClient } from '../helpers/server.js';

const TURN_MS = 4000;
const EXTENSION_MS = 1000;

/** Lets scenario time pass (the speaker speaks, the machine is down): part of the story, not a settling wait. */
const elapse = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a speaking turn across the death and restart of the only process', () => {
  it('records at most the time box plus extensions as held, and the downtime apart', async () => {
    const env = { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: uniquePrefix('restart') };
    const a = await startProcess(env);
    const created = await fetch(`${a.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Panne',
        agenda: [{ kind: 'debate', durationSec: 600, turnSec: TURN_MS / 1000 }],
      }),
    });
    const { session, invites } = (await created.json()) as { session: { id: string }; invites: any };
    const fac = await connectClient(a.url, { token: invites.facilitator.token, name: 'Fatou' });
    const ana = await connectClient(a.url, { token: invites.participant.token, name: 'Ana' });
    expect(await fac.command({ type: 'phase.goto', groupId: 'all', to: 'first' })).toMatchObject({
      ok: true,
    });
    const given = await fac.command({
      type: 'floor.give',
      groupId: PLENARY_ID,
      memberId: ana.memberId!,
      turnId: null,
    });
    expect(given).toMatchObject({ ok: true });
    const turn = (await fac.waitFor((s) => s.groups[PLENARY_ID]!.queue.turn !== null)).groups[PLENARY_ID]!
      .queue.turn!;
    const extended = await fac.command({
      type: 'turn.extend',
      groupId: PLENARY_ID,
      turnId: turn.turnId,
      seconds: EXTENSION_MS / 1000,
    });
    expect(extended).toMatchObject({ ok: true });

    // Ana speaks for two seconds, then the only process dies; it is started again four seconds later.
    await elapse(2000);
    fac.close();
    ana.close();
    await a.kill('SIGKILL');
    const downAt = Date.now();
    await elapse(4000);
    const b = await startProcess(env);
    const restartedAt = Date.now();

    const watcher = await connectClient(b.url, { token: invites.observer.token, name: 'Presse' });
    await watcher.waitFor((s) => s.groups[PLENARY_ID]!.queue.turn === null, 10_000);
    const response = await fetch(`${b.url}/api/sessions/${session.id}/log?format=json`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const { events } = (await response.json()) as { events: SessionEvent[] };
    const ended = events.filter((e) => e.type === 'turn.ended');
    expect(ended).toHaveLength(1);
    const { heldMs, downMs, reason } = ended[0]!.data as { heldMs: number; downMs?: number; reason: string };
    expect(reason).toBe('expired');
    expect(heldMs).toBeLessThanOrEqual(TURN_MS + EXTENSION_MS);
    // Down from at most one beat (1 s) before the kill until the restart; never counted as spoken.
    expect(downMs).toBeGreaterThanOrEqual(restartedAt - downAt - 500);
    expect(downMs).toBeLessThanOrEqual(restartedAt - downAt + 1500);
    expect(events.filter((e) => e.type === 'turn.interrupted')).toHaveLength(1);
  }, 40_000);
});
