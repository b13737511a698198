import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { PalabreClient } from '../../client/sdk/palabreClient.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { startProcess } from '../helpers/processes.js';
import { uniquePrefix } from '../helpers/redis.js';
import { ADMIN_TOKEN, connectClient } from '../helpers/server.js';

/** Records every event a client applies, to count what landed in the log. */
function recorder(client: PalabreClient): SessionEvent[] {
  const seen: SessionEvent[] = [];
  client.on('state', (_state, events) => seen.push(...events));
  return seen;
}

async function debate(url: string) {
  const response = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    // One-second turns so that expiries happen within the test.
    body: JSON.stringify({ title: 'Débat', agenda: [{ kind: 'debate', durationSec: 600, turnSec: 1 }] }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { invites: any };
}

describe('speaking turns across processes', () => {
  it('every process arms the expiry; exactly one turn.ended lands, even when the starting process dies', async () => {
    const env = { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: uniquePrefix('turns') };
    const [a, b, c] = await Promise.all([startProcess(env), startProcess(env), startProcess(env)]);
    const { invites } = await debate(a.url);
    const fac = await connectClient(a.url, { token: invites.facilitator.token, name: 'Fatou' });
    const ana = await connectClient(b.url, { token: invites.participant.token, name: 'Ana' });
    const ben = await connectClient(c.url, { token: invites.participant.token, name: 'Ben' });
    const watcher = await connectClient(c.url, { token: invites.observer.token, name: 'Presse' });
    const seen = recorder(watcher);

    expect(await fac.command({ type: 'phase.goto', groupId: 'all', to: 'first' })).toMatchObject({
      ok: true,
    });
    expect(await ana.command({ type: 'hand.raise' })).toMatchObject({ ok: true });
    expect(await ben.command({ type: 'hand.raise' })).toMatchObject({ ok: true });
    await fac.waitFor((s) => s.groups[PLENARY_ID]!.queue.entries.length === 2);

    // Process A starts Ana's turn, then dies before it expires.
    expect(await fac.command({ type: 'floor.give', groupId: PLENARY_ID, turnId: null })).toMatchObject({
      ok: true,
    });
    const first = await watcher.waitFor((s) => s.groups[PLENARY_ID]!.queue.turn?.memberId === ana.memberId);
    const anaTurn = first.groups[PLENARY_ID]!.queue.turn!.turnId;
    await a.kill('SIGKILL');

    // B and C still end it on time; auto-advance hands the floor to Ben, whose turn also ends once.
    const second = await watcher.waitFor(
      (s) => s.groups[PLENARY_ID]!.queue.turn?.memberId === ben.memberId,
      10_000,
    );
    const benTurn = second.groups[PLENARY_ID]!.queue.turn!.turnId;
    await watcher.waitFor((s) => s.groups[PLENARY_ID]!.queue.turn === null, 10_000);

    const ended = seen
      .filter((e) => e.type === 'turn.ended')
      .map((e) => (e.data as { turnId: string }).turnId);
    expect(ended.filter((id) => id === anaTurn)).toHaveLength(1);
    expect(ended.filter((id) => id === benTurn)).toHaveLength(1);
  });
});
