import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, onTestFinished } from 'vitest';
import { FileSnapshotStore } from '../../server/adapters/file/fileSnapshotStore.js';
import { MemorySnapshotStore } from '../../server/adapters/memory/memorySnapshotStore.js';
import { redisKeys } from '../../server/adapters/redis/keys.js';
import { connectRedis } from '../../server/adapters/redis/redisConnection.js';
import { RedisSnapshotStore } from '../../server/adapters/redis/redisSnapshotStore.js';
import { createLogger } from '../../server/log.js';
import { uniquePrefix } from '../helpers/redis.js';
import { snapshotStoreContract } from './snapshotStoreContract.js';

snapshotStoreContract('memory', async () => new MemorySnapshotStore());

snapshotStoreContract('files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palabre-snap-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const store = new FileSnapshotStore(dir);
  await store.init();
  return store;
});

snapshotStoreContract('redis', async () => {
  const redis = await connectRedis(inject('redisUrl'), createLogger('silent'));
  onTestFinished(() => redis.close());
  return new RedisSnapshotStore(redis.command, redisKeys(uniquePrefix('snap')));
});
