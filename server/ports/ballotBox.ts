import type { Ballot, StoredBallot } from '../../shared/session/outcomes/types.js';

export type { StoredBallot };

/**
 * Where secret ballots live: outside the session log, which keeps only who voted (`ballot.cast`, naming the
 * stored ballot's id) and, at close, the tally. Every ballot is stored under a fresh id *before* its
 * `ballot.cast` is decided; a member's earlier ballots stay until the vote is discarded, because the log alone
 * says which one counts (the id named by the member's latest accepted `ballot.cast`). So a ballot whose cast
 * was refused — the vote closed first, another process appended first — is stored but never counted, and the
 * box can never disagree with what voters were told.
 * Shaped for a Redis adapter: one hash per vote (`HSET <vote> <member>/<ballotId> <json>`, `HGETALL`, `DEL`).
 */
export interface BallotBox {
  /** Stores a member's ballot under `ballotId` (unique per vote). Durable once resolved. */
  put(sessionId: string, voteId: string, memberId: string, ballotId: string, ballot: Ballot): Promise<void>;
  /** Every ballot stored for a vote, accepted or not (a ballot id appears once, so order does not matter). */
  list(sessionId: string, voteId: string): Promise<StoredBallot[]>;
  /** Forgets a vote's ballots (once its tally is in the log, the link between members and ballots goes). */
  discard(sessionId: string, voteId: string): Promise<void>;
  /** Deletes every ballot of every vote of a session. */
  deleteSession(sessionId: string): Promise<void>;
  close(): Promise<void>;
}
