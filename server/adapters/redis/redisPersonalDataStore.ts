import type { Redis } from 'ioredis';
import type { PersonalDataStore, PersonalRecord } from '../../ports/personalDataStore.js';
import type { RedisKeys } from './keys.js';

/** One hash per session, `<prefix>:{s:<id>}:personal`, fields `<ref>/<memberId>` → JSON record. */
export class RedisPersonalDataStore implements PersonalDataStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async put(sessionId: string, ref: string, records: Record<string, PersonalRecord>): Promise<void> {
    const fields = Object.entries(records).flatMap(([memberId, record]) => [
      `${ref}/${memberId}`,
      JSON.stringify(record),
    ]);
    if (fields.length > 0) await this.redis.hset(this.keys.personalData(sessionId), ...fields);
  }

  async get(
    sessionId: string,
    refs: readonly string[],
  ): Promise<Map<string, Record<string, PersonalRecord>>> {
    const found = new Map<string, Record<string, PersonalRecord>>();
    if (refs.length === 0) return found;
    const wanted = new Set(refs);
    const all = await this.redis.hgetall(this.keys.personalData(sessionId));
    for (const [key, json] of Object.entries(all)) {
      const [ref, memberId] = key.split('/') as [string, string];
      if (!wanted.has(ref)) continue;
      found.set(ref, { ...found.get(ref), [memberId]: JSON.parse(json) as PersonalRecord });
    }
    return found;
  }

  async eraseMember(sessionId: string, memberId: string): Promise<void> {
    const key = this.keys.personalData(sessionId);
    const fields = (await this.redis.hkeys(key)).filter((f) => f.endsWith(`/${memberId}`));
    if (fields.length > 0) await this.redis.hdel(key, ...fields);
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.redis.del(this.keys.personalData(sessionId));
  }

  async close(): Promise<void> {}
}
