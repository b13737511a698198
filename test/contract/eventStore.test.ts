import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, onTestFinished } from 'vitest';
import { redisKeys } from '../../server/adapters/redis/keys.js';
import { connectRedis } from '../../server/adapters/redis/redisConnection.js';
import { RedisEventStore } from '../../server/adapters/redis/redisEventStore.js';
import { createLogger } from '../../server/log.js';
import { uniquePrefix } from '../helpers/redis.js';
import { FileEventStore } from '../../server/adapters/file/fileEventStore.js';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { eventStoreContract } from './eventStoreContract.js';

eventStoreContract('memory', async () => {
  const store = new MemoryEventStore();
  return { store, reopen: async () => store };
});

eventStoreContract('files (embedded default)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palabre-store-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const open = async () => {
    const store = new FileEventStore(dir);
    await store.init();
    return store;
  };
  return { store: await open(), reopen: open };
});

eventStoreContract('redis', async () => {
  const prefix = uniquePrefix('store');
  const open = async () => {
    const log = createLogger('silent');
    const redis = await connectRedis(inject('redisUrl'), log);
    const store = new RedisEventStore(redis.command, redis.subscriber, redisKeys(prefix));
    await store.init();
    onTestFinished(async () => {
      await store.close();
      await redis.close();
    });
    return store;
  };
  return { store: await open(), reopen: open };
});
