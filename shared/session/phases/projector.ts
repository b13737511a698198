import type { SessionState } from '../types.js';
import { PLENARY_ID } from '../types.js';

/**
 * The group the projector shows (the room's screen and the observers' view): the one a facilitator chose
 * with `projector.follow` while it is open, else the plenary (a closed group's people are back there).
 */
export function projectorGroup(state: Pick<SessionState, 'projector' | 'groups'>): string {
  const chosen = state.projector?.groupId;
  return chosen !== undefined && state.groups[chosen]?.status === 'open' ? chosen : PLENARY_ID;
}
