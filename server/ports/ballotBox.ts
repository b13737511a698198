import type { Ballot } from '../../shared/session/outcomeTypes.js';

/**
 * Where secret ballots live: outside the session log, which keeps only who voted (`ballot.cast`) and, at close,
 * the tally. One ballot per (session, vote, member); a new one replaces the old one until the vote closes.
 * Shaped for a Redis adapter: one hash per vote (`HSET <vote> <member> <json>`, `HGETALL`, `DEL`).
 */
export interface BallotBox {
  /** Stores a member's ballot for a vote, replacing any earlier one. Durable once resolved. */
  put(sessionId: string, voteId: string, memberId: string, ballot: Ballot): Promise<void>;
  /** Every ballot of a vote, by member id. */
  list(sessionId: string, voteId: string): Promise<Record<string, Ballot>>;
  /** Forgets a vote's ballots (once its tally is in the log, the link between members and ballots goes). */
  discard(sessionId: string, voteId: string): Promise<void>;
  close(): Promise<void>;
}
