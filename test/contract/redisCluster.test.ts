import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, onTestFinished } from 'vitest';
import { redisKeys } from '../../server/adapters/redis/keys.js';
import { connectRedis } from '../../server/adapters/redis/redisConnection.js';
import { RedisDocumentStore } from '../../server/adapters/redis/redisDocumentStore.js';
import { RedisEventStore } from '../../server/adapters/redis/redisEventStore.js';
import { createLogger } from '../../server/log.js';
import { startRedisCluster, uniquePrefix } from '../helpers/redis.js';
import type { RedisClusterServer } from '../helpers/redis.js';
import { documentStoreContract } from './documentStoreContract.js';
import { eventStoreContract } from './eventStoreContract.js';

/** The Redis adapters on a real three-master Redis Cluster: every script touches keys of one hash slot. */
describe('on a Redis Cluster', () => {
  let cluster: RedisClusterServer | undefined;
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'palabre-cluster-'));
    cluster = await startRedisCluster(dir);
  });
  afterAll(async () => {
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function connect() {
    const redis = await connectRedis(cluster!.url, createLogger('silent'), { cluster: true });
    onTestFinished(() => redis.close());
    return redis;
  }

  eventStoreContract('redis cluster', async () => {
    const keys = redisKeys(uniquePrefix('cluster'));
    const open = async () => {
      const redis = await connect();
      const store = new RedisEventStore(redis.command, redis.subscriber, keys);
      await store.init();
      return store;
    };
    return { store: await open(), reopen: open };
  });

  documentStoreContract('redis cluster', async () => {
    const keys = redisKeys(uniquePrefix('cluster-docs'));
    const open = async () => {
      const redis = await connect();
      const store = new RedisDocumentStore(redis.command, redis.subscriber, keys);
      await store.init();
      return store;
    };
    return { store: await open(), reopen: open, peer: open };
  });
});
