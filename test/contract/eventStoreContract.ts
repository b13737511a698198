import { describe, expect, it } from 'vitest';
import { chain } from '../../server/core/hashChain.js';
import type { EventStore } from '../../server/ports/eventStore.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { newEvent } from '../../shared/session/events.js';

export interface StoreFixture {
  store: EventStore;
  /** A second handle on the same data (another process, or the same store after a restart). */
  reopen(): Promise<EventStore>;
}

function events(from: number, count: number, prev = ''): SessionEvent[] {
  return chain(
    { version: from, hash: prev },
    Array.from({ length: count }, (_, i) =>
      newEvent('announcement.made', { id: `a${from + i}`, text: `n°${from + i}` }),
    ),
    1000 + from,
    'system',
  );
}

/** The behaviour every EventStore adapter must have. Run against each adapter. */
export function eventStoreContract(name: string, setup: () => Promise<StoreFixture>): void {
  describe(`EventStore contract: ${name}`, () => {
    it('deletes a session: its log, its place in the list, for every handle; other sessions stay', async () => {
      const { store, reopen } = await setup();
      const deleted: string[] = [];
      store.onDeleted?.((id) => deleted.push(id));
      expect(await store.append('gone', 0, events(0, 2))).toEqual({ ok: true });
      expect(await store.append('kept', 0, events(0, 1))).toEqual({ ok: true });
      await store.delete('gone');
      await store.delete('never-existed');
      expect(await store.read('gone')).toEqual([]);
      expect(await store.list()).not.toContain('gone');
      expect(await store.list()).toContain('kept');
      const again = await reopen();
      expect(await again.read('gone')).toEqual([]);
      expect(await again.list()).not.toContain('gone');
      expect((await again.read('kept')).length).toBe(1);
      // A deleted id starts again from version 0.
      expect(await store.append('gone', 0, events(0, 1))).toEqual({ ok: true });
      if (store.onDeleted) await expect.poll(() => deleted).toContain('gone');
    });

    it('appends and reads back in order, from any version', async () => {
      const { store } = await setup();
      const first = events(0, 3);
      expect(await store.append('s1', 0, first)).toEqual({ ok: true });
      const next = events(3, 2, first[2]!.hash);
      expect(await store.append('s1', 3, next)).toEqual({ ok: true });
      expect(await store.read('s1')).toEqual([...first, ...next]);
      expect((await store.read('s1', 3)).map((e) => e.v)).toEqual([4, 5]);
      expect(await store.read('s1', 5)).toEqual([]);
      expect(await store.read('nobody')).toEqual([]);
    });

    it('refuses an append at a stale version and writes nothing', async () => {
      const { store } = await setup();
      await store.append('s2', 0, events(0, 2));
      expect(await store.append('s2', 1, events(1, 1))).toEqual({ ok: false, actualVersion: 2 });
      expect(await store.append('s2', 0, events(0, 1))).toEqual({ ok: false, actualVersion: 2 });
      expect(await store.read('s2')).toHaveLength(2);
    });

    it('lets exactly one of two concurrent appends at the same version win', async () => {
      const { store } = await setup();
      await store.append('s3', 0, events(0, 1));
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.append('s3', 1, events(1, 1))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await store.read('s3')).toHaveLength(2);
    });

    it('tells subscribers about every append, in order', async () => {
      const { store } = await setup();
      const seen: number[] = [];
      const done = new Promise<void>((resolve) => {
        store.subscribe((sessionId, batch) => {
          if (sessionId !== 's4') return;
          seen.push(...batch.map((e) => e.v));
          if (seen.length === 3) resolve();
        });
      });
      await store.append('s4', 0, events(0, 2));
      await store.append('s4', 2, events(2, 1));
      await done;
      expect(seen).toEqual([1, 2, 3]);
    });

    it('lists sessions and keeps them across a reopen', async () => {
      const fixture = await setup();
      await fixture.store.append('s5', 0, events(0, 2));
      expect(await fixture.store.list()).toContain('s5');
      const reopened = await fixture.reopen();
      expect(await reopened.read('s5')).toEqual(await fixture.store.read('s5'));
      expect(await reopened.list()).toContain('s5');
    });
  });
}
