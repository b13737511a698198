import { describe, expect, it } from 'vitest';
import type { SnapshotStore } from '../../server/ports/snapshotStore.js';
import { DomainHarness } from '../helpers/domain.js';

/** The behaviour every SnapshotStore adapter must have. */
export function snapshotStoreContract(name: string, setup: () => Promise<SnapshotStore>): void {
  describe(`SnapshotStore contract: ${name}`, () => {
    it("deletes a session's snapshot and no other", async () => {
      const store = await setup();
      const h = new DomainHarness();
      await store.put('gone', { format: 'f1', version: h.state.version, state: h.state });
      await store.put('kept', { format: 'f1', version: h.state.version, state: h.state });
      await store.delete('gone');
      await store.delete('never-existed');
      expect(await store.get('gone')).toBeUndefined();
      expect(await store.get('kept')).toBeDefined();
    });

    it('misses an unknown session, then returns what was put', async () => {
      const store = await setup();
      expect(await store.get('nobody')).toBeUndefined();
      const h = new DomainHarness();
      h.join('Ana', 'participant');
      await store.put('s1', { format: 'f1', version: h.state.version, state: h.state });
      expect(await store.get('s1')).toEqual({ format: 'f1', version: h.state.version, state: h.state });
    });

    it('never replaces a snapshot by an older one of the same format', async () => {
      const store = await setup();
      const h = new DomainHarness();
      const old = h.state;
      h.join('Ana', 'participant');
      await store.put('s2', { format: 'f1', version: h.state.version, state: h.state });
      await store.put('s2', { format: 'f1', version: old.version, state: old });
      expect((await store.get('s2'))!.version).toBe(h.state.version);
      // Another format (new code) replaces it whatever its version.
      await store.put('s2', { format: 'f2', version: old.version, state: old });
      expect(await store.get('s2')).toMatchObject({ format: 'f2', version: old.version });
    });
  });
}
