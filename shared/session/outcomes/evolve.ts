import type { EventOf } from '../events.js';
import type { OutcomeEventData } from './events.js';
import type { Vote } from './types.js';
import type { SessionState } from '../types.js';

/** Evolvers of the outcome events, spread into the table in evolve.ts. */
type OutcomeEvolvers = {
  [K in keyof OutcomeEventData]: (state: SessionState, event: EventOf<K>) => SessionState;
};

function withVote(s: SessionState, voteId: string, patch: (v: Vote) => Vote): SessionState {
  return { ...s, votes: s.votes.map((v) => (v.id === voteId ? patch(v) : v)) };
}

export const outcomeEvolvers: OutcomeEvolvers = {
  'attributes.changed': (s, e) => {
    const member = s.members[e.data.memberId];
    if (!member) return s;
    return {
      ...s,
      members: { ...s.members, [member.id]: { ...member, attributes: e.data.attributes } },
    };
  },
  // The moves that follow it carry the change; the event itself is the record of the draw.
  'draw.made': (s) => s,
  'draft.recorded': (s, e) => ({
    ...s,
    drafts: {
      ...s.drafts,
      [e.data.groupId]: {
        groupId: e.data.groupId,
        versionId: e.data.versionId,
        recordedAt: e.at,
        recommendations: e.data.recommendations,
      },
    },
  }),
  'harvest.collected': (s, e) => ({ ...s, harvested: [...s.harvested, ...e.data.items] }),
  'vote.opened': (s, e) => ({
    ...s,
    votes: [
      ...s.votes,
      {
        id: e.data.voteId,
        title: e.data.title,
        groupId: e.data.groupId,
        method: e.data.method,
        items: e.data.items,
        secret: e.data.secret,
        liveResults: e.data.liveResults,
        status: 'open',
        openedAt: e.at,
        closedAt: null,
        voters: [],
        ballots: {},
        ballotIds: {},
        tally: null,
      },
    ],
  }),
  'ballot.recorded': (s, e) =>
    withVote(s, e.data.voteId, (v) => ({
      ...v,
      voters: v.voters.includes(e.data.memberId) ? v.voters : [...v.voters, e.data.memberId],
      ballots: e.data.ballot ? { ...v.ballots, [e.data.memberId]: e.data.ballot } : v.ballots,
      ballotIds: e.data.ballotId ? { ...v.ballotIds, [e.data.memberId]: e.data.ballotId } : v.ballotIds,
    })),
  'vote.tallied': (s, e) => withVote(s, e.data.voteId, (v) => ({ ...v, tally: e.data.tally })),
  'vote.closed': (s, e) =>
    withVote(s, e.data.voteId, (v) => ({ ...v, status: 'closed', closedAt: e.at, tally: e.data.tally })),
};
