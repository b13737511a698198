import { findVote } from '../../../shared/session/outcomes/votes.js';
import { decide } from '../../../shared/session/decide.js';
import type { Logger } from '../../log.js';
import type { BallotBox } from '../../ports/ballotBox.js';
import { randomId } from '../ids.js';
import type { SessionService } from '../sessionService.js';
import type { Reaction } from './reaction.js';

/**
 * Secret votes: the content of a ballot goes to the ballot box, never to the log. Wires the box into the
 * session service:
 * - `ballot.cast` on a secret vote: the ballot is checked with the very rules `decide` applies, stored under a
 *   fresh id, then the command logs only `ballot.cast {voteId, memberId, ballotId}` (and, with live results,
 *   the new tally). Each attempt (a retry after another process appended first included) stores under its
 *   own id and never overwrites an earlier ballot;
 * - `vote.close` on a secret vote: the box is read and `decide` counts, for each voter, the ballot whose id
 *   their latest accepted `ballot.cast` names (`countedBallots`);
 * - once `vote.closed` is in the log, the box forgets the vote: the tally is the record.
 * So a ballot is counted if and only if its `ballot.cast` was accepted (and acknowledged): a change refused
 * because the vote closed on another process first stays in the box, named by nothing, until it is discarded.
 */
export class SecretBallots implements Reaction {
  readonly name = 'secret ballots';
  private stops: (() => void)[] = [];

  constructor(
    private readonly sessions: SessionService,
    private readonly box: BallotBox,
    private readonly log: Logger,
  ) {}

  start(): void {
    const { sessions, box, log } = this;
    const offCast = sessions.provideInputs(
      'ballot.cast',
      async ({ sessionId, state, command, actor, now }) => {
        if (command.type !== 'ballot.cast' || actor.kind !== 'member') return {};
        const vote = findVote(state, command.voteId);
        if (!vote?.secret) return {};
        const ballotId = randomId('b');
        // A dry run of the same decision: a ballot that would be refused on this state is not even stored.
        const dryRun = decide(state, command, {
          now,
          actor,
          newId: (p) => p,
          inputs: { stored: [], ballotId },
        });
        if (!dryRun.ok) return {};
        await box.put(sessionId, vote.id, actor.memberId, ballotId, command.ballot);
        return vote.liveResults ? { ballotId, stored: await box.list(sessionId, vote.id) } : { ballotId };
      },
    );
    const offClose = sessions.provideInputs('vote.close', async ({ sessionId, state, command }) => {
      if (command.type !== 'vote.close') return {};
      const vote = findVote(state, command.voteId);
      if (!vote?.secret || vote.status !== 'open') return {};
      return { stored: await box.list(sessionId, vote.id) };
    });
    const offEvents = sessions.onEvents((sessionId, events, state) => {
      for (const event of events) {
        if (event.type !== 'vote.closed' || !findVote(state, event.data.voteId)?.secret) continue;
        box.discard(sessionId, event.data.voteId).catch((err: unknown) => {
          log.warn('could not discard the ballots of a closed vote', { err, sessionId });
        });
      }
    });
    this.stops = [offCast, offClose, offEvents];
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}
