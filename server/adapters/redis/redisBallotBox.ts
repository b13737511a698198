import type { Redis } from 'ioredis';
import type { Ballot } from '../../../shared/session/outcomes/types.js';
import type { BallotBox, StoredBallot } from '../../ports/ballotBox.js';
import { deleteMatching, literalPattern } from './deleteKeys.js';
import type { RedisKeys } from './keys.js';

/**
 * Secret ballots shared by every process: one hash per vote (`<memberId>/<ballotId>` → ballot JSON), in the
 * session's hash slot. Fields written before ballot ids existed are the bare member id. DEL forgets the vote
 * once its tally is in the log.
 */
export class RedisBallotBox implements BallotBox {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async put(
    sessionId: string,
    voteId: string,
    memberId: string,
    ballotId: string,
    ballot: Ballot,
  ): Promise<void> {
    const field = `${memberId}/${ballotId}`;
    await this.redis.hset(this.keys.ballots(sessionId, voteId), field, JSON.stringify(ballot));
  }

  /** Member ids and ballot ids never contain `/` (idSchema), so the field splits back unambiguously. */
  async list(sessionId: string, voteId: string): Promise<StoredBallot[]> {
    const raw = await this.redis.hgetall(this.keys.ballots(sessionId, voteId));
    return Object.entries(raw).map(([field, json]) => {
      const slash = field.indexOf('/');
      return {
        memberId: slash < 0 ? field : field.slice(0, slash),
        ballotId: slash < 0 ? null : field.slice(slash + 1),
        ballot: JSON.parse(json) as Ballot,
      };
    });
  }

  async deleteSession(sessionId: string): Promise<void> {
    await deleteMatching(this.redis, literalPattern(this.keys.ballots(sessionId, ''), '*'));
  }

  async discard(sessionId: string, voteId: string): Promise<void> {
    await this.redis.del(this.keys.ballots(sessionId, voteId));
  }

  /** The connection belongs to the backend, which closes it. */
  async close(): Promise<void> {}
}
