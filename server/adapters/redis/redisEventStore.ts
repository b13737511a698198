import type { Redis } from 'ioredis';
import type { SessionEvent } from '../../../shared/session/events.js';
import type { AppendResult, EventStore } from '../../ports/eventStore.js';
import type { RedisKeys } from './keys.js';

/**
 * Appends only if the stream still holds `expectedVersion` entries, then announces the events on the feed
 * channel — in one script, so two processes never both win and no append goes unannounced.
 * KEYS[1] = session log stream; ARGV[1] = expected version; ARGV[2] = feed channel;
 * ARGV[3] = feed message; ARGV[4..] = events as JSON.
 */
const APPEND = `
local length = redis.call('XLEN', KEYS[1])
local expected = tonumber(ARGV[1])
if length ~= expected then return {0, length} end
for i = 4, #ARGV do
  redis.call('XADD', KEYS[1], tostring(expected + i - 3) .. '-1', 'e', ARGV[i])
end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return {1, expected + #ARGV - 3}
`;

type Listener = (sessionId: string, events: SessionEvent[]) => void;

interface FeedMessage {
  s: string;
  e: SessionEvent[];
  /** Set when the session was deleted (no events then). */
  d?: true;
}

/**
 * The session log in Redis: one stream per session, appended by a Lua script with a version check, and a
 * pub/sub feed that tells every process about every append. A process that missed feed messages (Redis
 * restart, network blip) catches up by reading the stream: see `onReconnect`.
 */
export class RedisEventStore implements EventStore {
  private readonly listeners = new Set<Listener>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly deletedListeners = new Set<(sessionId: string) => void>();
  private subscribed = false;

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.redis.defineCommand('palabreAppend', { numberOfKeys: 1, lua: APPEND });
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.keys.sessionFeed) return;
      let parsed: FeedMessage;
      try {
        parsed = JSON.parse(message) as FeedMessage;
      } catch {
        return;
      }
      if (parsed.d) {
        for (const listener of this.deletedListeners) listener(parsed.s);
        return;
      }
      for (const listener of this.listeners) {
        try {
          listener(parsed.s, parsed.e);
        } catch {
          // one failing listener must not starve the others
        }
      }
    });
    // After a reconnection, feed messages sent meanwhile are lost: tell the service to re-read.
    this.subscriber.on('ready', () => {
      if (!this.subscribed) return;
      for (const listener of this.reconnectListeners) listener();
    });
  }

  async init(): Promise<void> {
    await this.subscriber.subscribe(this.keys.sessionFeed);
    this.subscribed = true;
  }

  async append(
    sessionId: string,
    expectedVersion: number,
    events: readonly SessionEvent[],
  ): Promise<AppendResult> {
    const message = JSON.stringify({ s: sessionId, e: [...events] } satisfies FeedMessage);
    const run = (
      this.redis as unknown as { palabreAppend: (...args: (string | number)[]) => Promise<[number, number]> }
    ).palabreAppend;
    const [ok, version] = await run.call(
      this.redis,
      this.keys.sessionLog(sessionId),
      expectedVersion,
      this.keys.sessionFeed,
      message,
      ...events.map((e) => JSON.stringify(e)),
    );
    if (ok !== 1) return { ok: false, actualVersion: version };
    if (expectedVersion === 0) await this.redis.sadd(this.keys.sessions, sessionId);
    return { ok: true };
  }

  async read(sessionId: string, afterVersion = 0): Promise<SessionEvent[]> {
    const entries = await this.redis.xrange(this.keys.sessionLog(sessionId), `${afterVersion + 1}-0`, '+');
    return entries.map(([, fields]) => JSON.parse(fields[1]!) as SessionEvent);
  }

  async list(): Promise<string[]> {
    return this.redis.smembers(this.keys.sessions);
  }

  async delete(sessionId: string): Promise<void> {
    await this.redis.del(this.keys.sessionLog(sessionId));
    await this.redis.srem(this.keys.sessions, sessionId);
    // Every process (this one too, through its subscriber) forgets the session.
    const message: FeedMessage = { s: sessionId, e: [], d: true };
    await this.redis.publish(this.keys.sessionFeed, JSON.stringify(message));
  }

  onDeleted(listener: (sessionId: string) => void): () => void {
    this.deletedListeners.add(listener);
    return () => this.deletedListeners.delete(listener);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called after the feed reconnects, when messages may have been missed. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.reconnectListeners.clear();
  }
}
