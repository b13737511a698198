import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { FileLiveness } from '../../server/adapters/file/fileLiveness.js';
import { MemoryLiveness } from '../../server/adapters/memory/memoryLiveness.js';
import { redisKeys } from '../../server/adapters/redis/keys.js';
import { RedisLiveness } from '../../server/adapters/redis/redisLiveness.js';
import { connectRedis } from '../../server/adapters/redis/redisConnection.js';
import { createLogger } from '../../server/log.js';
import type { Liveness } from '../../server/ports/liveness.js';
import { uniquePrefix } from '../helpers/redis.js';

/** The behaviour every Liveness adapter must have; `reopen` is another process (or a restart) on the same data. */
function livenessContract(
  name: string,
  setup: () => Promise<{ live: Liveness; reopen(): Promise<Liveness> }>,
) {
  describe(`Liveness contract: ${name}`, () => {
    it('knows no beat at first, then the latest one, seen from another handle', async () => {
      const { live, reopen } = await setup();
      expect(await live.last()).toBeNull();
      await live.beat(1_700_000_000_000);
      await live.beat(1_700_000_001_000);
      expect(await (await reopen()).last()).toBe(1_700_000_001_000);
    });

    it('never moves back: a process with a clock behind keeps the latest beat', async () => {
      const { live, reopen } = await setup();
      await live.beat(1_700_000_005_000);
      await (await reopen()).beat(1_700_000_001_000);
      expect(await live.last()).toBe(1_700_000_005_000);
    });
  });
}

livenessContract('memory', async () => {
  const live = new MemoryLiveness();
  return { live, reopen: async () => live };
});

livenessContract('file (embedded default)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palabre-live-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return { live: new FileLiveness(dir), reopen: async () => new FileLiveness(dir) };
});

livenessContract('redis', async () => {
  const keys = redisKeys(uniquePrefix('live'));
  const open = async () => {
    const redis = await connectRedis(inject('redisUrl'), createLogger('silent'));
    onTestFinished(() => redis.close());
    return new RedisLiveness(redis.command, keys);
  };
  return { live: await open(), reopen: open };
});
