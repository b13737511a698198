import type { Describer } from '../components/LiveAnnouncer.js';
import { t } from '../i18n.js';

/**
 * Screen-reader sentences for the floor: who gets it (at once), turn ends and pauses (politely). Only for
 * the reader's own group, or every group for facilitators.
 */
export const describeFloor: Describer = (event, state, selfId) => {
  const self = state.members[selfId];
  if (!('groupId' in event.data)) return null;
  if (self?.role !== 'facilitator' && event.data.groupId !== self?.groupId) return null;
  switch (event.type) {
    case 'turn.started':
      if (event.data.memberId === selfId) return { text: t('live.yourTurn'), urgent: true };
      return {
        text: t('live.turnStarted', { name: state.members[event.data.memberId]?.name ?? '?' }),
        urgent: true,
      };
    case 'turn.ended':
      return {
        text: t('live.turnEnded', { name: state.members[event.data.memberId]?.name ?? '?' }),
        urgent: false,
      };
    case 'queue.paused':
      return { text: t('live.queuePaused'), urgent: false };
    case 'queue.resumed':
      return { text: t('live.queueResumed'), urgent: false };
    default:
      return null;
  }
};
