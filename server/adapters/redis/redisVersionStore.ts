import type { Redis } from 'ioredis';
import type { VersionStore } from '../../ports/versionStore.js';
import { deleteMatching, literalPattern } from './deleteKeys.js';
import type { RedisKeys } from './keys.js';

/**
 * Versions in Redis, one string key per version (`<prefix>:{s:<sessionId>}:version:<groupId>:<versionId>`),
 * shared by every process; in the session's hash slot, so deleting a session reaches them in one slot.
 */
export class RedisVersionStore implements VersionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async put(sessionId: string, groupId: string, versionId: string, bytes: Uint8Array): Promise<void> {
    await this.redis.set(this.keys.documentVersion(sessionId, groupId, versionId), Buffer.from(bytes));
  }

  async get(sessionId: string, groupId: string, versionId: string): Promise<Uint8Array | undefined> {
    const bytes = await this.redis.getBuffer(this.keys.documentVersion(sessionId, groupId, versionId));
    return bytes ? new Uint8Array(bytes) : undefined;
  }

  async discard(sessionId: string, groupId: string, versionId: string): Promise<void> {
    await this.redis.del(this.keys.documentVersion(sessionId, groupId, versionId));
  }

  /** The connection belongs to the backend, which closes it. */
  async deleteSession(sessionId: string): Promise<void> {
    await deleteMatching(
      this.redis,
      literalPattern(this.keys.documentVersion(sessionId, '', '').slice(0, -2), ':*'),
    );
  }

  async close(): Promise<void> {}
}
