import type { Ballot } from '../../../shared/session/outcomes/types.js';
import type { BallotBox, StoredBallot } from '../../ports/ballotBox.js';

/** Ballots in memory only: for tests and for a single process that may lose open votes on restart. */
export class MemoryBallotBox implements BallotBox {
  protected readonly votes = new Map<string, StoredBallot[]>();

  protected key(sessionId: string, voteId: string): string {
    return `${sessionId}/${voteId}`;
  }

  async put(
    sessionId: string,
    voteId: string,
    memberId: string,
    ballotId: string,
    ballot: Ballot,
  ): Promise<void> {
    const key = this.key(sessionId, voteId);
    const ballots = this.votes.get(key) ?? [];
    ballots.push({ memberId, ballotId, ballot: structuredClone(ballot) });
    this.votes.set(key, ballots);
  }

  async list(sessionId: string, voteId: string): Promise<StoredBallot[]> {
    return structuredClone(this.votes.get(this.key(sessionId, voteId)) ?? []);
  }

  async discard(sessionId: string, voteId: string): Promise<void> {
    this.votes.delete(this.key(sessionId, voteId));
  }

  async deleteSession(sessionId: string): Promise<void> {
    for (const key of [...this.votes.keys()]) if (key.startsWith(`${sessionId}/`)) this.votes.delete(key);
  }

  async close(): Promise<void> {}
}
