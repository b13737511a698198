import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { FileVersionStore } from '../../server/adapters/file/fileVersionStore.js';
import { MemoryVersionStore } from '../../server/adapters/memory/memoryVersionStore.js';
import { redisKeys } from '../../server/adapters/redis/keys.js';
import { connectRedis } from '../../server/adapters/redis/redisConnection.js';
import { RedisVersionStore } from '../../server/adapters/redis/redisVersionStore.js';
import { createLogger } from '../../server/log.js';
import type { VersionStore } from '../../server/ports/versionStore.js';
import { uniquePrefix } from '../helpers/redis.js';

/** The contract every version store keeps: what was put is read back, whole, after a reopen; discard forgets. */
function versionStoreContract(
  name: string,
  open: () => Promise<{ store: VersionStore; reopen(): Promise<VersionStore> }>,
) {
  describe(`version store: ${name}`, () => {
    it("deletes every version of a session, across a reopen, and no other session's", async () => {
      const { store, reopen } = await open();
      await store.put('gone', 'g1', 'v1', new Uint8Array([1]));
      await store.put('gone', 'g2', 'v2', new Uint8Array([2]));
      await store.put('kept', 'g1', 'v1', new Uint8Array([3]));
      await store.deleteSession('gone');
      for (const s of [store, await reopen()]) {
        expect(await s.get('gone', 'g1', 'v1')).toBeUndefined();
        expect(await s.get('gone', 'g2', 'v2')).toBeUndefined();
        expect(await s.get('kept', 'g1', 'v1')).toEqual(new Uint8Array([3]));
      }
    });

    it('keeps bytes under their id across a reopen, and forgets what is discarded', async () => {
      const { store, reopen } = await open();
      const big = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256);
      await store.put('s1', 'g1', 'v1', big);
      await store.put('s1', 'g1', 'v2', new Uint8Array([1, 2, 3]));
      await store.put('s1', 'g2', 'v1', new Uint8Array([9]));
      const again = await reopen();
      expect(Buffer.from((await again.get('s1', 'g1', 'v1'))!).equals(big)).toBe(true);
      expect(await again.get('s1', 'g1', 'v2')).toEqual(new Uint8Array([1, 2, 3]));
      expect(await again.get('s1', 'g2', 'v1')).toEqual(new Uint8Array([9]));
      expect(await again.get('s1', 'g1', 'nope')).toBeUndefined();
      await again.discard('s1', 'g1', 'v2');
      await again.discard('s1', 'g1', 'v2');
      expect(await again.get('s1', 'g1', 'v2')).toBeUndefined();
      expect(Buffer.from((await again.get('s1', 'g1', 'v1'))!).equals(big)).toBe(true);
    });

    it('returns copies: changing what was put or read changes nothing stored', async () => {
      const { store } = await open();
      const bytes = new Uint8Array([1, 2, 3]);
      await store.put('s1', 'g1', 'v1', bytes);
      bytes[0] = 42;
      const read = (await store.get('s1', 'g1', 'v1'))!;
      read[1] = 42;
      expect(await store.get('s1', 'g1', 'v1')).toEqual(new Uint8Array([1, 2, 3]));
    });
  });
}

versionStoreContract('memory', async () => {
  const store = new MemoryVersionStore();
  return { store, reopen: async () => store };
});

versionStoreContract('files (embedded default)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palabre-versions-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return { store: new FileVersionStore(dir), reopen: async () => new FileVersionStore(dir) };
});

versionStoreContract('redis', async () => {
  const keys = redisKeys(uniquePrefix('versions'));
  const open = async () => {
    const redis = await connectRedis(inject('redisUrl'), createLogger('silent'));
    onTestFinished(() => redis.close());
    return new RedisVersionStore(redis.command, keys);
  };
  return { store: await open(), reopen: open };
});

describe('file version store', () => {
  it('refuses ids that could leave its folder and writes files only its owner reads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palabre-versions-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const store = new FileVersionStore(dir);
    await expect(store.put('../x', 'g', 'v', new Uint8Array([1]))).rejects.toThrow(/invalid/);
    await expect(store.get('s', 'g', '../../etc')).rejects.toThrow(/invalid/);
    await store.put('s', 'g', 'v', new Uint8Array([1]));
    const [file] = await readdir(join(dir, 'versions', 's', 'g'));
    expect(file).toBe('v.ydoc');
    expect((await stat(join(dir, 'versions', 's', 'g', file!))).mode & 0o077).toBe(0);
  });
});
