import type { Redis } from 'ioredis';
import type { Ballot } from '../../../shared/session/outcomeTypes.js';
import type { BallotBox } from '../../ports/ballotBox.js';
import type { RedisKeys } from './keys.js';

/**
 * Secret ballots shared by every process: one hash per vote (member id → ballot JSON), in the session's hash
 * slot. HSET replaces a member's earlier ballot; DEL forgets the vote once its tally is in the log.
 */
export class RedisBallotBox implements BallotBox {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async put(sessionId: string, voteId: string, memberId: string, ballot: Ballot): Promise<void> {
    await this.redis.hset(this.keys.ballots(sessionId, voteId), memberId, JSON.stringify(ballot));
  }

  async list(sessionId: string, voteId: string): Promise<Record<string, Ballot>> {
    const raw = await this.redis.hgetall(this.keys.ballots(sessionId, voteId));
    return Object.fromEntries(Object.entries(raw).map(([m, json]) => [m, JSON.parse(json) as Ballot]));
  }

  async discard(sessionId: string, voteId: string): Promise<void> {
    await this.redis.del(this.keys.ballots(sessionId, voteId));
  }

  /** The connection belongs to the backend, which closes it. */
  async close(): Promise<void> {}
}
