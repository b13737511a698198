import type { Redis } from 'ioredis';
import type { Liveness } from '../../ports/liveness.js';
import type { RedisKeys } from './keys.js';

/** Sets the beat only forward, so a process with a clock behind the others never moves it back. */
const BEAT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
`;

type WithBeat = Redis & { palabreBeat(key: string, at: string): Promise<number> };

/** The last beat of any process of the deployment, in one key (`<prefix>:heartbeat`). */
export class RedisLiveness implements Liveness {
  private readonly redis: WithBeat;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    redis.defineCommand('palabreBeat', { numberOfKeys: 1, lua: BEAT });
    this.redis = redis as WithBeat;
  }

  async beat(at: number): Promise<void> {
    await this.redis.palabreBeat(this.keys.heartbeat, String(at));
  }

  async last(): Promise<number | null> {
    const value = await this.redis.get(this.keys.heartbeat);
    return value === null ? null : Number(value);
  }

  /** The connection belongs to the backend, which closes it. */
  async close(): Promise<void> {}
}
