import type { SessionEvent } from './events.js';
import type { SessionState } from './types.js';

/**
 * The public view of outcome data: attributes (also the profiles recorded with a draw) and the ballots of open
 * votes are for facilitators only. Secret ballots are never in the state nor the log to begin with.
 */
export function projectOutcomeState(state: SessionState): SessionState {
  if (!state.votes.some((v) => Object.keys(v.ballots).length > 0)) return state;
  return { ...state, votes: state.votes.map((v) => ({ ...v, ballots: {} })) };
}

export function projectOutcomeEvent(event: SessionEvent): SessionEvent {
  switch (event.type) {
    case 'attributes.changed':
      return { ...event, data: { ...event.data, attributes: {} } };
    case 'draw.made':
      return { ...event, data: { ...event.data, profiles: {} } };
    case 'ballot.cast': {
      if (!event.data.ballot) return event;
      const { ballot: _ballot, ...data } = event.data;
      return { ...event, data };
    }
    default:
      return event;
  }
}
