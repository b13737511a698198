import type { SessionEvent } from '../../../shared/session/events.js';
import type { SessionState } from '../../../shared/session/types.js';
import type { SpeakingTimes } from './types.js';

/**
 * Speaking time held per group and member, read from the log, for the report. The speaking-turns feature
 * records turns in the log; until it is there, there are no figures (the report says so).
 */
export function speakingTimesFromLog(
  _state: SessionState,
  _events: readonly SessionEvent[],
): SpeakingTimes | undefined {
  return undefined;
}
