import { describe, expect, it } from 'vitest';
import { turnClock } from '../../client/sdk/countdown.js';
import type { PalabreClient } from '../../client/sdk/palabreClient.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { queueOrder } from '../../shared/session/floor/order.js';
import type { SessionState } from '../../shared/session/types.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { connectClient, startServer } from '../helpers/server.js';

const P = PLENARY_ID;

function record(client: PalabreClient): SessionEvent[] {
  const seen: SessionEvent[] = [];
  client.on('state', (_state, events) => seen.push(...events));
  return seen;
}

const speaker = (s: SessionState) => s.groups[P]!.queue.turn?.memberId;
const order = (s: SessionState) => queueOrder(s, P).map((e) => e.memberId);

/** A debate whose turns last one second, with a facilitator, three participants and an observer. */
async function debate(settings: Record<string, unknown> = {}) {
  const server = await startServer();
  const { invites } = await server.createSession({
    agenda: [{ id: 'debate', kind: 'debate', durationSec: 600, turnSec: 1 }],
    settings,
  });
  const join = (token: string, name: string) => connectClient(server.url, { token, name });
  const facilitator = await join(invites.facilitator.token, 'Fatou');
  const ana = await join(invites.participant.token, 'Ana');
  const ben = await join(invites.participant.token, 'Ben');
  const cleo = await join(invites.participant.token, 'Cléo');
  const observer = await join(invites.observer.token, 'Presse');
  expect((await facilitator.command({ type: 'phase.goto', groupId: 'all', to: 'first' })).ok).toBe(true);
  return { server, facilitator, ana, ben, cleo, observer };
}

describe('speaking turns over socket.io', () => {
  it('hands, floor, a turn that expires by itself, the next speaker, one order for all', async () => {
    const { server, facilitator, ana, ben, cleo, observer } = await debate();
    const log = record(facilitator);
    for (const who of [ana, ben, cleo]) expect((await who.command({ type: 'hand.raise' })).ok).toBe(true);
    const ids = [ana, ben, cleo].map((c) => c.memberId!);

    // Ben drops and comes back with his resume token: same member, same place.
    const token = ben.welcome!.resumeToken;
    ben.close();
    const benAgain = await connectClient(server.url, { resume: token });
    expect(benAgain.memberId).toBe(ben.memberId);
    expect(order(benAgain.state!)).toEqual(ids);

    const clients = [facilitator, ana, benAgain, cleo, observer];
    const raisedAt = facilitator.state!.version;
    for (const c of clients) expect(order(await c.waitFor((s) => s.version >= raisedAt))).toEqual(ids);

    const given = await facilitator.command({ type: 'floor.give', groupId: P, turnId: null });
    expect(given.ok).toBe(true);
    const first = (await ana.waitFor((s) => speaker(s) === ana.memberId)).groups[P]!.queue.turn!;
    expect(first.endsAt! - first.startedAt).toBe(1000);
    await ana.measureClock(3);
    const clock = turnClock(first, ana.serverNow());
    expect(clock.paused).toBe(false);
    expect(clock.remainingMs).toBeLessThanOrEqual(1000);

    // Nobody acts: the server ends Ana's turn at endsAt and gives Ben the floor.
    for (const c of clients) await c.waitFor((s) => speaker(s) === ben.memberId, 5000);
    const ended = log.find((e) => e.type === 'turn.ended');
    expect(ended).toMatchObject({ actor: 'system', data: { turnId: first.turnId, reason: 'expired' } });
    expect(ended!.at).toBeGreaterThanOrEqual(first.endsAt!);
    const after = clients.map((c) => JSON.stringify(order(c.state!)));
    expect(new Set(after)).toEqual(new Set([JSON.stringify([cleo.memberId])]));
  });

  it('with speakerDrop "end", a speaker whose last connection drops loses the floor', async () => {
    const { facilitator, ana, ben } = await debate({ speakerDrop: 'end' });
    await facilitator.command({ type: 'queue.settings', groupId: P, turnSec: 600 }); // longer than the phase's 1 s
    await ana.command({ type: 'hand.raise' });
    await ben.command({ type: 'hand.raise' });
    await facilitator.command({ type: 'floor.give', groupId: P, turnId: null });
    await facilitator.waitFor((s) => speaker(s) === ana.memberId);
    const log = record(facilitator);
    ana.close();
    await facilitator.waitFor((s) => speaker(s) === ben.memberId);
    expect(log.find((e) => e.type === 'turn.ended')).toMatchObject({ data: { reason: 'dropped' } });
  });

  it('refuses a hand in a closed queue and controls from participants, changing nothing', async () => {
    const server = await startServer();
    const { invites } = await server.createSession();
    const facilitator = await connectClient(server.url, { token: invites.facilitator.token, name: 'F' });
    const ana = await connectClient(server.url, { token: invites.participant.token, name: 'Ana' });
    await facilitator.command({ type: 'phase.goto', groupId: 'all', to: 'first' }); // welcome: no queue
    const version = facilitator.state!.version;
    expect(await ana.command({ type: 'hand.raise' })).toMatchObject({
      ok: false,
      error: { code: 'wrong_phase' },
    });
    expect(await ana.command({ type: 'floor.give', groupId: P, turnId: null })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await facilitator.command({ type: 'turn.extend', groupId: P, seconds: -5 } as never),
    ).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await facilitator.command({ type: 'turn.expire', groupId: P, turnId: 't1' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await server.palabre.sessions.get(facilitator.state!.id))!.version).toBe(version);
  });
});
