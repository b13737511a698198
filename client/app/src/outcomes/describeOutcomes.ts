import { ranking } from '../../../../shared/session/outcomes/tally.js';
import type { Describer } from '../components/LiveAnnouncer.js';
import { t } from '../i18n.js';

/**
 * Sentences for screen readers about outcomes: a vote opening or closing (with the first-ranked item) in the
 * reader's group — facilitators hear every group —, the harvest, and a draw. Live tallies are not read out:
 * they would talk at every ballot.
 */
export const describeOutcomes: Describer = (event, state, selfId) => {
  const self = state.members[selfId];
  const concerns = (groupId: string) => self?.role === 'facilitator' || self?.groupId === groupId;
  switch (event.type) {
    case 'vote.opened': {
      if (!concerns(event.data.groupId)) return null;
      const key = self?.role === 'participant' ? 'live.voteOpenedYou' : 'live.voteOpened';
      return { text: t(key, { title: event.data.title }), urgent: true };
    }
    case 'vote.closed': {
      const vote = state.votes.find((v) => v.id === event.data.voteId);
      if (!vote || !concerns(vote.groupId)) return null;
      const firstId = event.data.tally.ballots > 0 ? ranking(event.data.tally)[0] : undefined;
      const first = vote.items.find((i) => i.id === firstId)?.title;
      return {
        text: first
          ? t('live.voteClosed', { title: vote.title, first })
          : t('live.voteClosedEmpty', { title: vote.title }),
        urgent: true,
      };
    }
    case 'harvest.collected':
      return { text: t('live.harvested', { count: event.data.items.length }), urgent: false };
    case 'draw.made':
      return self?.role === 'facilitator' ? { text: t('live.drawMade'), urgent: false } : null;
    default:
      return null;
  }
};
