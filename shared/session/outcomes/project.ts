import type { SessionEvent } from '../events.js';
import type { SessionState } from '../types.js';

/**
 * The public view of outcome data: attributes (also the profiles recorded with a draw), the ballots of open
 * votes and the text of group drafts are for facilitators only (a group's draft is its document, which other
 * groups may not be allowed to read; what reaches the plenary is the harvest). Secret ballots are never in the
 * state nor the log to begin with.
 */
export function projectOutcomeState(state: SessionState): SessionState {
  let out = state;
  if (state.votes.some((v) => Object.keys(v.ballots).length > 0)) {
    out = { ...out, votes: state.votes.map((v) => ({ ...v, ballots: {} })) };
  }
  if (Object.values(state.drafts).some((d) => d.recommendations.length > 0)) {
    const drafts: SessionState['drafts'] = {};
    for (const [id, d] of Object.entries(state.drafts)) drafts[id] = { ...d, recommendations: [] };
    out = { ...out, drafts };
  }
  return out;
}

export function projectOutcomeEvent(event: SessionEvent): SessionEvent {
  switch (event.type) {
    case 'attributes.changed':
      return { ...event, data: { ...event.data, attributes: {} } };
    case 'draw.made':
      return { ...event, data: { ...event.data, profiles: {} } };
    case 'draft.recorded':
      return { ...event, data: { ...event.data, recommendations: [] } };
    case 'ballot.recorded': {
      if (!event.data.ballot) return event;
      const { ballot: _ballot, ...data } = event.data;
      return { ...event, data };
    }
    default:
      return event;
  }
}
