import { lazyComponent } from '../components/lazy.js';
import type { GroupVotesProps } from './GroupVotes.js';

const LazyGroupVotes = lazyComponent<GroupVotesProps>(
  () => import('./GroupVotes.js').then((m) => m.GroupVotes),
  () => null,
);

/**
 * The group's votes (ballot and results), loaded the first time the group has a vote: most of a session
 * happens without one.
 */
export function Votes(props: GroupVotesProps) {
  if (!props.state.votes.some((v) => v.groupId === props.groupId)) return null;
  return <LazyGroupVotes {...props} />;
}
