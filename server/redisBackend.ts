import { createAdapter } from '@socket.io/redis-streams-adapter';
import { redisKeys } from './adapters/redis/keys.js';
import { RedisBallotBox } from './adapters/redis/redisBallotBox.js';
import { connectRedis, redact } from './adapters/redis/redisConnection.js';
import { RedisDocumentStore } from './adapters/redis/redisDocumentStore.js';
import { RedisEventStore } from './adapters/redis/redisEventStore.js';
import { RedisLiveness } from './adapters/redis/redisLiveness.js';
import { RedisPersonalDataStore } from './adapters/redis/redisPersonalDataStore.js';
import { RedisPresenceStore } from './adapters/redis/redisPresenceStore.js';
import { RedisSessionCatalog } from './adapters/redis/redisSessionCatalog.js';
import { RedisSnapshotStore } from './adapters/redis/redisSnapshotStore.js';
import { RedisVersionStore } from './adapters/redis/redisVersionStore.js';
import type { Backend, BackendOverrides } from './backend.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';

/**
 * The Redis backend: every port on one Redis (or Redis Cluster) shared by all processes, and the socket.io
 * streams adapter. Imported dynamically by createBackend only when REDIS_URL is set, so that the embedded
 * default never loads ioredis.
 *
 * @param url the REDIS_URL (redis:// or rediss://).
 * @throws when Redis cannot be reached (connectRedis) or a store fails to initialise.
 */
export async function createRedisBackend(
  config: Config,
  url: string,
  log: Logger,
  overrides: BackendOverrides,
): Promise<Backend> {
  const redis = await connectRedis(url, log, { cluster: config.redisCluster });
  const keys = redisKeys(config.redisPrefix);
  const store = new RedisEventStore(redis.command, redis.subscriber, keys);
  await store.init();
  const documents =
    overrides.documentStore ??
    new RedisDocumentStore(redis.command, redis.subscriber, keys, {
      commitWindowMs: config.documents.commitWindowMs ?? 0,
    });
  if (documents instanceof RedisDocumentStore) await documents.init();
  log.info('using redis', { url: redact(url), prefix: config.redisPrefix });
  return {
    store,
    catalog: new RedisSessionCatalog(redis.command, keys),
    ballotBox: new RedisBallotBox(redis.command, keys),
    documents,
    versions: new RedisVersionStore(redis.command, keys),
    presence: new RedisPresenceStore(redis.command, keys),
    snapshots: new RedisSnapshotStore(redis.command, keys),
    personalData: new RedisPersonalDataStore(redis.command, keys),
    liveness: new RedisLiveness(redis.command, keys),
    socketAdapter: createAdapter(redis.adapter, {
      streamName: keys.socketIoStream,
      channelPrefix: keys.socketIoChannel,
      // Session events travel through the store's feed; the adapter only carries socket management
      // and the rare cross-process broadcast, so a short stream is enough.
      maxLen: 10_000,
    }),
    readiness: async () => {
      try {
        const pong = await redis.ping();
        return { ready: pong === 'PONG', checks: { redis: pong === 'PONG' ? 'ok' : pong } };
      } catch (error) {
        return { ready: false, checks: { redis: (error as Error).message } };
      }
    },
    close: async () => {
      await store.close();
      await documents.close();
      await redis.close();
    },
  };
}
