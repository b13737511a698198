import { describe, expect, inject, it } from 'vitest';
import { uniquePrefix } from '../helpers/redis.js';
import { connectClient, startServer } from '../helpers/server.js';

describe('a secret vote across two servers sharing Redis', () => {
  it('counts ballots cast on one server when the vote closes on the other, and keeps them out of the log', async () => {
    const env = { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: uniquePrefix('votes') };
    // Two servers, each with its own data directory: only Redis is shared.
    const a = await startServer({ env });
    const b = await startServer({ env });
    const { session, invites } = await a.createSession({
      agenda: [{ id: 'vote', kind: 'vote', durationSec: 600 }],
    });
    const fac = await connectClient(a.url, { token: invites.facilitator.token, name: 'Fatou' });
    const ana = await connectClient(b.url, { token: invites.participant.token, name: 'Ana' });
    const ben = await connectClient(b.url, { token: invites.participant.token, name: 'Ben' });
    expect(await fac.command({ type: 'phase.goto', groupId: 'all', to: 'first' })).toMatchObject({
      ok: true,
    });
    const opened = await fac.command({
      type: 'vote.open',
      method: { kind: 'consent' },
      items: [{ title: 'Budget participatif' }],
    });
    const vote = (await ana.waitFor((s) => s.version >= (opened.ok ? opened.version : Infinity))).votes[0]!;
    const item = vote.items[0]!.id;
    expect(await ana.command({ type: 'ballot.cast', voteId: vote.id, ballot: { [item]: 5 } })).toMatchObject({
      ok: true,
    });
    expect(await ben.command({ type: 'ballot.cast', voteId: vote.id, ballot: { [item]: 2 } })).toMatchObject({
      ok: true,
    });
    expect(await ana.command({ type: 'ballot.cast', voteId: vote.id, ballot: { [item]: 1 } })).toMatchObject({
      ok: true,
    });
    const closed = await fac.command({ type: 'vote.close', voteId: vote.id });
    const state = await ben.waitFor((s) => s.version >= (closed.ok ? closed.version : Infinity));
    expect(state.votes[0]!.tally!.items).toEqual([
      { itemId: item, levels: [1, 1, 0, 0, 0], responses: 2, mean: 1.5, blocks: 0 },
    ]);
    const log = await b.api('GET', `/api/sessions/${session.id}/log?format=json`);
    const ballots = (log.body.events as { type: string; data: object }[]).filter(
      (e) => e.type === 'ballot.recorded',
    );
    expect(ballots).toHaveLength(3);
    for (const e of ballots) expect(Object.keys(e.data).sort()).toEqual(['ballotId', 'memberId', 'voteId']);
    await expect.poll(() => a.palabre.ballotBox.list(session.id, vote.id)).toEqual([]);

    // Leave cleanly: once no socket is left anywhere (asked across Redis, after every disconnect handler
    // asked too), no cross-server request is still in flight when the servers stop.
    for (const client of [fac, ana, ben]) client.close();
    await expect
      .poll(
        async () => (await a.palabre.io.fetchSockets()).length + (await b.palabre.io.fetchSockets()).length,
      )
      .toBe(0);
  });
});
