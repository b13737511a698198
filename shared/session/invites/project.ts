import type { SessionEvent } from '../events.js';
import type { SessionState } from '../types.js';

/** The state as participants and observers see it: without the list of issued invites. */
export function projectInviteState(state: SessionState): SessionState {
  if (state.invites === undefined) return state;
  const { invites: _invites, ...rest } = state;
  return rest;
}

/** `invite.issued` as participants and observers receive it: redacted, so versions stay contiguous. */
export function projectInviteEvent(event: SessionEvent): SessionEvent {
  if (event.type !== 'invite.issued' || 'redacted' in event.data) return event;
  return { ...event, data: { redacted: true } };
}
