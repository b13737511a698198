import '../messagesOutcomes.js';
import type { Vote, VoteMethod } from '../../../../shared/session/outcomes/types.js';
import type { SessionState } from '../../../../shared/session/types.js';
import { groupName } from '../format.js';
import { t } from '../i18n.js';

/** "Dot voting (5 points, at most 2 per item)". */
function methodName(method: VoteMethod): string {
  if (method.kind === 'dots') return t('vote.kind.dots', { points: method.points, max: method.maxPerItem });
  return t(`vote.kind.${method.kind}`);
}

/** "Approval · secret · results at close". */
export function voteSummary(vote: Vote): string {
  return t('vote.summary', {
    method: methodName(vote.method),
    secrecy: t(vote.secret ? 'vote.secrecy.secret' : 'vote.secrecy.open'),
    timing: t(vote.liveResults ? 'vote.timing.live' : 'vote.timing.close'),
  });
}

/** Who may vote in a vote: the present participants of its group. */
export function electorate(state: SessionState, vote: Vote): number {
  return Object.values(state.members).filter(
    (m) => !m.removed && m.role === 'participant' && m.groupId === vote.groupId,
  ).length;
}

/** "from Group 2" for a harvested item, or null for a free item. */
export function originOf(state: SessionState, groupId: string | undefined): string | null {
  return groupId ? t('vote.origin', { group: groupName(state.groups[groupId]) }) : null;
}
