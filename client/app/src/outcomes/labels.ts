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

/**
 * The parameters of "from <group>" (`harvest.from`, `vote.origin`): the group's name, and whether that name
 * already says "group" (« Groupe 1 »), so that French reads « du Groupe 1 » rather than « du groupe Groupe 1 ».
 */
export function originParams(state: SessionState, groupId: string): { group: string; generic: 'yes' | 'no' } {
  const group = groupName(state.groups[groupId]);
  return { group, generic: /^(groupe|group)\b/i.test(group.trim()) ? 'yes' : 'no' };
}

/** "from Group 2" (« du Groupe 2 », « du groupe Mobilités ») for a harvested item, or null for a free item. */
export function originOf(state: SessionState, groupId: string | undefined): string | null {
  return groupId ? t('vote.origin', originParams(state, groupId)) : null;
}

/**
 * How the page names a participants' attribute: the question the session asks at join (its `label`, as the
 * facilitators wrote it) when the key is one of them, the key itself otherwise (attributes imported by hand).
 */
export function attributeLabel(state: SessionState, key: string): string {
  return (state.settings.joinAttributes ?? []).find((a) => a.key === key)?.label ?? key;
}
