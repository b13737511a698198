import { findVote } from '../../shared/session/commands/voteCommands.js';
import { decide } from '../../shared/session/decide.js';
import type { Logger } from '../log.js';
import type { BallotBox } from '../ports/ballotBox.js';
import type { SessionService } from './sessionService.js';

/**
 * Secret votes: the content of a ballot goes to the ballot box, never to the log. Wires the box into the
 * session service:
 * - `ballot.cast` on a secret vote: the ballot is checked with the very rules `decide` applies, stored, then
 *   the command logs only `ballot.cast {voteId, memberId}` (and, with live results, the new tally);
 * - `vote.close` on a secret vote: the box is read and `decide` logs the tally;
 * - once `vote.closed` is in the log, the box forgets the vote: the tally is the record.
 * A ballot stored whose append then failed is never counted: tallies count only members the log says voted.
 */
export function connectBallotBox(sessions: SessionService, box: BallotBox, log: Logger): () => void {
  const offCast = sessions.provideInputs('ballot.cast', async ({ sessionId, state, command, actor, now }) => {
    if (command.type !== 'ballot.cast' || actor.kind !== 'member') return {};
    const vote = findVote(state, command.voteId);
    if (!vote?.secret) return {};
    // A dry run of the same decision: only a ballot that will be accepted goes into the box.
    const dryRun = decide(state, command, { now, actor, newId: (p) => p, inputs: { ballots: {} } });
    if (!dryRun.ok) return {};
    await box.put(sessionId, vote.id, actor.memberId, command.ballot);
    return vote.liveResults ? { ballots: await box.list(sessionId, vote.id) } : {};
  });
  const offClose = sessions.provideInputs('vote.close', async ({ sessionId, state, command }) => {
    if (command.type !== 'vote.close') return {};
    const vote = findVote(state, command.voteId);
    if (!vote?.secret || vote.status !== 'open') return {};
    return { ballots: await box.list(sessionId, vote.id) };
  });
  const offEvents = sessions.onEvents((sessionId, events, state) => {
    for (const event of events) {
      if (event.type !== 'vote.closed' || !findVote(state, event.data.voteId)?.secret) continue;
      box.discard(sessionId, event.data.voteId).catch((err: unknown) => {
        log.warn('could not discard the ballots of a closed vote', { err, sessionId });
      });
    }
  });
  return () => {
    offCast();
    offClose();
    offEvents();
  };
}
