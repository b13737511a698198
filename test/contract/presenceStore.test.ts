import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { MemoryPresenceStore } from '../../server/adapters/memory/memoryPresenceStore.js';
import { redisKeys } from '../../server/adapters/redis/keys.js';
import { connectRedis } from '../../server/adapters/redis/redisConnection.js';
import { RedisPresenceStore } from '../../server/adapters/redis/redisPresenceStore.js';
import { createLogger } from '../../server/log.js';
import { AWARENESS_REMOVAL_MS } from '../../server/ports/presence.js';
import type { PresenceStore } from '../../server/ports/presence.js';
import { uniquePrefix } from '../helpers/redis.js';

const ana = { sessionId: 's1', memberId: 'ana' };
const T = 1_700_000_000_000;
const ben = { sessionId: 's1', memberId: 'ben' };

/** The contract of presence stores; `open` gives two handles on the same data (two processes). */
function presenceContract(name: string, open: () => Promise<[PresenceStore, PresenceStore]>) {
  describe(`presence store: ${name}`, () => {
    it('counts the processes holding a member, whichever releases first', async () => {
      const [p1, p2] = await open();
      await p1.hold('A', ana);
      await p2.hold('B', ana);
      await p1.hold('A', ana); // holding twice is holding once
      expect(await p2.holders(ana)).toBe(2);
      expect(await p1.release('A', ana)).toBe(1);
      expect(await p2.holders(ana)).toBe(1);
      expect(await p2.release('B', ana)).toBe(0);
      expect(await p1.holders(ana)).toBe(0);
      expect(await p1.release('B', ana)).toBe(0);
    });

    it('forgets a deleted session’s holds and awareness states, and only that session’s', async () => {
      const [p1, p2] = await open();
      const other = { sessionId: 's2', memberId: 'ana' };
      await p1.hold('A', ana);
      await p1.hold('A', other);
      await p1.putAwareness('A', 's1/g1', [{ client: 1, clock: 1, state: '{"user":"Ana"}' }], T);
      await p1.putAwareness('A', 's2/g1', [{ client: 2, clock: 1, state: '{"user":"Ana"}' }], T);
      await p2.deleteSession('s1');
      expect(await p1.holders(ana)).toBe(0);
      expect(await p1.awareness('s1/g1', T)).toEqual([]);
      expect(await p1.holders(other)).toBe(1);
      expect((await p1.awareness('s2/g1', T)).map((r) => r.client)).toEqual([2]);
    });

    it('keeps each document’s awareness states with their owner, and removals for a minute', async () => {
      const [p1, p2] = await open();
      await p1.putAwareness(
        'A',
        's1/g1',
        [
          { client: 1, clock: 3, state: '{"user":"Ana"}' },
          { client: 2, clock: 0, state: '{}' },
        ],
        T,
      );
      await p2.putAwareness('B', 's1/g1', [{ client: 3, clock: 1, state: '{"user":"Ben"}' }], T);
      await p2.putAwareness('B', 's1/g2', [{ client: 4, clock: 1, state: '{}' }], T);
      const byClient = async (docId: string, now = T) =>
        Object.fromEntries(
          (await p2.awareness(docId, now)).map((r) => [r.client, [r.clock, r.state, r.owner]]),
        );
      expect(await byClient('s1/g1')).toEqual({
        1: [3, '{"user":"Ana"}', 'A'],
        2: [0, '{}', 'A'],
        3: [1, '{"user":"Ben"}', 'B'],
      });
      await p1.putAwareness('A', 's1/g1', [{ client: 2, clock: 1, state: 'null' }], T);
      // The removal is kept (a process loading the document later must know the clock it happened at)…
      expect((await byClient('s1/g1'))[2]).toEqual([1, 'null', 'A']);
      // …for a while only.
      expect(Object.keys(await byClient('s1/g1', T + AWARENESS_REMOVAL_MS + 1)).sort()).toEqual(['1', '3']);
      expect(Object.keys(await byClient('s1/g2'))).toEqual(['4']);
    });

    it('renews a lease only while it is registered: a process claimed while alive learns it', async () => {
      const [p1, p2] = await open();
      await p1.register('A', 1_000);
      await p1.hold('A', ana);
      expect(await p1.renew('A', 2_000)).toBe(true);
      // Renewed in time: not claimed at 1 500.
      expect(await p2.claimLapsed(1_500)).toEqual([]);
      expect((await p2.claimLapsed(2_001)).map((l) => l.owner)).toEqual(['A']);
      // A was stalled, not dead: its next renewal says it was claimed, and does not bring the lease back
      // (nobody would ever claim what it holds afterwards).
      expect(await p1.renew('A', 5_000)).toBe(false);
      expect(await p1.renew('A', 5_000)).toBe(false);
      expect(await p2.holders(ana)).toBe(0);
      expect(await p2.claimLapsed(10_000)).toEqual([]);
    });

    it('hands a lapsed process to exactly one claimer, with what it held', async () => {
      const [p1, p2] = await open();
      await p1.register('A', 1_000);
      await p2.register('B', 5_000);
      await p1.hold('A', ana);
      await p1.hold('A', ben);
      await p2.hold('B', ben);
      await p1.putAwareness('A', 's1/g1', [{ client: 7, clock: 2, state: '{"user":"Ana"}' }], 900);
      // Client 8 moved to B (it reconnected there): B owns it now, A's lapse must not remove it.
      await p1.putAwareness('A', 's1/g1', [{ client: 8, clock: 1, state: '{}' }], 900);
      await p2.putAwareness('B', 's1/g1', [{ client: 8, clock: 2, state: '{"again":true}' }], 900);
      expect(await p1.claimLapsed(999)).toEqual([]);
      const [first, second] = await Promise.all([p1.claimLapsed(1_001), p2.claimLapsed(1_001)]);
      const claims = [...first!, ...second!];
      expect(claims).toHaveLength(1);
      const lapsed = claims[0]!;
      expect(lapsed.owner).toBe('A');
      expect(lapsed.members.sort((a, b) => a.memberId.localeCompare(b.memberId))).toEqual([
        { ...ana, remaining: 0 },
        { ...ben, remaining: 1 },
      ]);
      expect(lapsed.awareness).toEqual([{ docId: 's1/g1', client: 7, clock: 2 }]);
      const after = await p2.awareness('s1/g1', 1_001);
      expect(after.filter((r) => r.state !== 'null').map((r) => r.client)).toEqual([8]);
      expect(after.find((r) => r.client === 7)).toMatchObject({ clock: 3, state: 'null' });
      expect(await p2.holders(ana)).toBe(0);
      expect(await p2.holders(ben)).toBe(1);
      // B, alive, is never claimed; once retired it leaves nothing behind.
      expect(await p1.claimLapsed(2_000)).toEqual([]);
      await p2.retire('B', 2_000);
      expect(await p1.holders(ben)).toBe(0);
      expect((await p1.awareness('s1/g1', 2_000)).filter((r) => r.state !== 'null')).toEqual([]);
      expect(await p1.claimLapsed(10_000)).toEqual([]);
    });
  });
}

presenceContract('memory', async () => {
  const store = new MemoryPresenceStore();
  return [store, store];
});

presenceContract('redis', async () => {
  const keys = redisKeys(uniquePrefix('presence'));
  const handle = async () => {
    const redis = await connectRedis(inject('redisUrl'), createLogger('silent'));
    onTestFinished(() => redis.close());
    return new RedisPresenceStore(redis.command, keys);
  };
  return [await handle(), await handle()];
});
