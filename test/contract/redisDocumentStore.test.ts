import { inject, onTestFinished } from 'vitest';
import { redisKeys } from '../../server/adapters/redis/keys.js';
import { connectRedis } from '../../server/adapters/redis/redisConnection.js';
import { RedisDocumentStore } from '../../server/adapters/redis/redisDocumentStore.js';
import { createLogger } from '../../server/log.js';
import { uniquePrefix } from '../helpers/redis.js';
import { documentStoreContract } from './documentStoreContract.js';

documentStoreContract('redis', async () => {
  const prefix = uniquePrefix('docs');
  const open = async () => {
    const redis = await connectRedis(inject('redisUrl'), createLogger('silent'));
    const store = new RedisDocumentStore(redis.command, redis.subscriber, redisKeys(prefix));
    await store.init();
    onTestFinished(async () => {
      await store.close();
      await redis.close();
    });
    return store;
  };
  return { store: await open(), reopen: open, peer: open };
});
