import type { ComponentChildren } from 'preact';
import type { Vote } from '../../../../shared/session/outcomes/types.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { t } from '../i18n.js';
import { electorate, voteSummary } from './labels.js';
import { VoteResults } from './VoteResults.js';

/** The progress of a vote: how many have voted, never what. */
function VoteProgress(props: { state: SessionState; vote: Vote }) {
  const { vote } = props;
  const voted = vote.voters.length;
  const total = Math.max(voted, electorate(props.state, vote));
  return (
    <p class="vote-progress" data-testid="vote-progress" data-voted={voted}>
      <span>{t('vote.progress', { voted, total })}</span>
      <progress max={Math.max(total, 1)} value={voted} aria-hidden="true" />
    </p>
  );
}

/** One vote: its title, method, status and progress, then what the reader may do (children) and the results. */
export function VoteCard(props: {
  state: SessionState;
  vote: Vote;
  large?: boolean | undefined;
  /** 2 where the vote is a panel of its own, 3 inside the console's Votes panel. */
  level?: 2 | 3;
  children?: ComponentChildren;
}) {
  const { state, vote } = props;
  const Heading = props.level === 3 ? 'h3' : 'h2';
  const headingId = `vote-${vote.id}`;
  return (
    <section
      class={`card vote vote-status-${vote.status}${props.large ? ' large' : ''}`}
      aria-labelledby={headingId}
      data-testid="vote"
      data-vote={vote.id}
      data-status={vote.status}
    >
      <Heading id={headingId}>
        {vote.title} <span class={`badge vote-${vote.status}`}>{t(`vote.status.${vote.status}`)}</span>
      </Heading>
      <p class="muted">{voteSummary(vote)}</p>
      <VoteProgress state={state} vote={vote} />
      {props.children}
      <VoteResults state={state} vote={vote} level={props.level === 3 ? 4 : 3} />
    </section>
  );
}
