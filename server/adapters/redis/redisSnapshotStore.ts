import type { Redis } from 'ioredis';
import type { Snapshot, SnapshotStore } from '../../ports/snapshotStore.js';
import type { RedisKeys } from './keys.js';

/** Replaces the snapshot only if it is newer (or of another format). KEYS[1]; ARGV = format, version, json. */
const PUT = `
local current = redis.call('HMGET', KEYS[1], 'format', 'version')
if current[1] == ARGV[1] and tonumber(current[2] or '-1') >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'format', ARGV[1], 'version', ARGV[2], 'state', ARGV[3])
return 1
`;

export class RedisSnapshotStore implements SnapshotStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    redis.defineCommand('palabreSnapshotPut', { numberOfKeys: 1, lua: PUT });
  }

  async delete(sessionId: string): Promise<void> {
    await this.redis.del(this.keys.sessionSnapshot(sessionId));
  }

  async get(sessionId: string): Promise<Snapshot | undefined> {
    const [format, version, state] = await this.redis.hmget(
      this.keys.sessionSnapshot(sessionId),
      'format',
      'version',
      'state',
    );
    if (!format || !version || !state) return undefined;
    return { format, version: Number(version), state: JSON.parse(state) as Snapshot['state'] };
  }

  async put(sessionId: string, snapshot: Snapshot): Promise<void> {
    const put = (this.redis as unknown as { palabreSnapshotPut: (...args: string[]) => Promise<number> })
      .palabreSnapshotPut;
    await put.call(
      this.redis,
      this.keys.sessionSnapshot(sessionId),
      snapshot.format,
      String(snapshot.version),
      JSON.stringify(snapshot.state),
    );
  }
}
