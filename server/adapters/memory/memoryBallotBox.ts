import type { Ballot } from '../../../shared/session/outcomeTypes.js';
import type { BallotBox } from '../../ports/ballotBox.js';

/** Ballots in memory only: for tests and for a single process that may lose open votes on restart. */
export class MemoryBallotBox implements BallotBox {
  protected readonly votes = new Map<string, Map<string, Ballot>>();

  protected key(sessionId: string, voteId: string): string {
    return `${sessionId}/${voteId}`;
  }

  async put(sessionId: string, voteId: string, memberId: string, ballot: Ballot): Promise<void> {
    const key = this.key(sessionId, voteId);
    const ballots = this.votes.get(key) ?? new Map<string, Ballot>();
    ballots.set(memberId, structuredClone(ballot));
    this.votes.set(key, ballots);
  }

  async list(sessionId: string, voteId: string): Promise<Record<string, Ballot>> {
    const ballots = this.votes.get(this.key(sessionId, voteId));
    return ballots ? structuredClone(Object.fromEntries(ballots)) : {};
  }

  async discard(sessionId: string, voteId: string): Promise<void> {
    this.votes.delete(this.key(sessionId, voteId));
  }

  async close(): Promise<void> {}
}
