import '../messagesOutcomes.js';
import './outcomes.css';
import type { SessionState } from '../../../../shared/session/types.js';
import type { SessionController } from '../session.js';
import { BallotForm } from './BallotForm.js';
import { VoteCard } from './VoteCard.js';

export type GroupVotesProps = {
  controller: SessionController;
  state: SessionState;
  groupId: string;
  selfId: string;
  /** The projector: larger, and no ballot. */
  large?: boolean;
};

/** The votes that matter to a group now: every open one, and the latest closed one with its results. */
function votesToShow(state: SessionState, groupId: string) {
  const votes = state.votes.filter((v) => v.groupId === groupId);
  const open = votes.filter((v) => v.status === 'open');
  const lastClosed = votes.filter((v) => v.status === 'closed').at(-1);
  return lastClosed ? [...open, lastClosed] : open;
}

/** Participants vote here (ballot and results); observers see the progress and results, never ballots. */
export function GroupVotes(props: GroupVotesProps) {
  const { state, groupId, selfId } = props;
  const ballots = state.members[selfId]?.role === 'participant' && !props.large;
  return (
    <>
      {votesToShow(state, groupId).map((vote) => (
        <VoteCard key={vote.id} state={state} vote={vote} large={props.large}>
          {ballots && vote.status === 'open' && (
            <BallotForm
              key={vote.id}
              controller={props.controller}
              state={state}
              vote={vote}
              selfId={selfId}
            />
          )}
        </VoteCard>
      ))}
    </>
  );
}
