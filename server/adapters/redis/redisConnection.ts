import { Cluster, Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { Logger } from '../../log.js';

export type RedisClient = Redis;

export interface RedisConnections {
  /** Commands. No offline queue: while Redis is down, commands fail at once and callers answer `unavailable`. */
  command: Redis;
  /** Pub/sub subscriber (a connection in subscriber mode can do nothing else). */
  subscriber: Redis;
  /** socket.io's streams adapter blocks on XREAD: it gets its own connection. */
  adapter: Redis;
  ping(): Promise<string>;
  close(): Promise<void>;
}

const base: RedisOptions = {
  // Reconnect forever, backing off to 2 s: a Redis restart must be survived without operator action.
  retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
  connectTimeout: 5000,
  lazyConnect: true,
};

/** Connects the three clients, failing start-up with a clear message if Redis cannot be reached. */
export async function connectRedis(
  url: string,
  log: Logger,
  options: { cluster?: boolean; startTimeoutMs?: number } = {},
): Promise<RedisConnections> {
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const open = (extra: RedisOptions): Redis => {
    if (!options.cluster) return new Redis(url, { ...base, ...extra });
    const { hostname, port, username, password } = new URL(url);
    // Cluster has the same command API as Redis; the cast keeps one type through the adapters.
    return new Cluster([{ host: hostname, port: Number(port || 6379) }], {
      lazyConnect: true,
      enableOfflineQueue: extra.enableOfflineQueue ?? true,
      clusterRetryStrategy: base.retryStrategy as (times: number) => number,
      redisOptions: { ...base, ...extra, username: username || undefined, password: password || undefined },
    }) as unknown as Redis;
  };
  const command = open({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const subscriber = open({});
  const adapter = open({});
  const all = [command, subscriber, adapter];
  let down = false;
  for (const [name, client] of [
    ['command', command],
    ['subscriber', subscriber],
    ['adapter', adapter],
  ] as const) {
    // ioredis emits 'error' on every failed attempt; without a listener that would crash the process.
    client.on('error', (err: Error) => {
      if (!down) log.warn('redis connection error', { connection: name, message: err.message });
      down = true;
    });
    client.on('ready', () => {
      if (down) log.info('redis connection back', { connection: name });
      down = false;
    });
  }
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`cannot reach Redis at ${redact(url)}`)), startTimeoutMs).unref(),
  );
  try {
    await Promise.race([Promise.all(all.map((c) => c.connect())), timeout]);
  } catch (error) {
    all.forEach((c) => c.disconnect());
    throw error instanceof Error && error.message.startsWith('cannot reach')
      ? error
      : new Error(`cannot reach Redis at ${redact(url)}: ${(error as Error).message}`);
  }
  return {
    command,
    subscriber,
    adapter,
    ping: () => command.ping(),
    close: async () => {
      await Promise.all(all.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

/** Hides a password in a URL before it reaches a log line. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://…';
  }
}
