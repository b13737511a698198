import type { Redis } from 'ioredis';
import { afterCursor, cursorOf, newestFirst } from '../../ports/sessionCatalog.js';
import type { SessionCatalog, SessionPage, SessionSummary } from '../../ports/sessionCatalog.js';
import { SESSION_STATUSES } from '../../../shared/session/types.js';
import type { RedisKeys } from './keys.js';

/**
 * The catalog in Redis, shared by every process: a hash of summaries, one sorted set by creation time for all
 * sessions and one per status (pages newest first), and the set of sessions not ended. Keys outside any
 * session's slot; each command touches one key (Redis Cluster works).
 */
export class RedisSessionCatalog implements SessionCatalog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async put(summary: SessionSummary): Promise<void> {
    const { keys, redis } = this;
    const ops: Promise<unknown>[] = [
      redis.hset(keys.catalog, summary.id, JSON.stringify(summary)),
      redis.zadd(keys.catalogByCreation(), summary.createdAt, summary.id),
      summary.status === 'ended'
        ? redis.srem(keys.catalogActive, summary.id)
        : redis.sadd(keys.catalogActive, summary.id),
    ];
    for (const status of SESSION_STATUSES) {
      ops.push(
        status === summary.status
          ? redis.zadd(keys.catalogByCreation(status), summary.createdAt, summary.id)
          : redis.zrem(keys.catalogByCreation(status), summary.id),
      );
    }
    await Promise.all(ops);
  }

  /** Pipelined, 500 summaries at a time. */
  async putMany(summaries: readonly SessionSummary[]): Promise<void> {
    for (let i = 0; i < summaries.length; i += 500) {
      await Promise.all(summaries.slice(i, i + 500).map((summary) => this.put(summary)));
    }
  }

  async get(id: string): Promise<SessionSummary | undefined> {
    const raw = await this.redis.hget(this.keys.catalog, id);
    return raw ? (JSON.parse(raw) as SessionSummary) : undefined;
  }

  async active(): Promise<string[]> {
    return this.redis.smembers(this.keys.catalogActive);
  }

  async page(options: Parameters<SessionCatalog['page']>[0]): Promise<SessionPage> {
    const limit = Math.max(1, Math.min(500, options.limit));
    const key = this.keys.catalogByCreation(options.status);
    const max = options.cursor ? options.cursor.slice(0, options.cursor.indexOf(':')) : '+inf';
    const out: SessionSummary[] = [];
    let offset = 0;
    // Read a little more than a page at a time: sessions created in the same millisecond as the cursor
    // that precede it are skipped.
    for (;;) {
      const ids = await this.redis.zrevrangebyscore(key, max, '-inf', 'LIMIT', offset, limit + 1);
      if (ids.length === 0) break;
      offset += ids.length;
      const raws = await this.redis.hmget(this.keys.catalog, ...ids);
      for (const raw of raws) {
        if (!raw) continue;
        const summary = JSON.parse(raw) as SessionSummary;
        if (afterCursor(summary, options.cursor)) out.push(summary);
      }
      if (out.length > limit) break;
    }
    out.sort(newestFirst);
    const sessions = out.slice(0, limit);
    return { sessions, next: out.length > limit ? cursorOf(sessions.at(-1)!) : null };
  }

  async size(): Promise<number> {
    return this.redis.hlen(this.keys.catalog);
  }

  async remove(id: string): Promise<void> {
    const { keys, redis } = this;
    await Promise.all([
      redis.hdel(keys.catalog, id),
      redis.zrem(keys.catalogByCreation(), id),
      redis.srem(keys.catalogActive, id),
      ...SESSION_STATUSES.map((status) => redis.zrem(keys.catalogByCreation(status), id)),
    ]);
  }

  /** The connection belongs to the backend, which closes it. */
  async close(): Promise<void> {}
}
