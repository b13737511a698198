/**
 * Voice: who may be heard in each group's audio room. The floor is the microphone: the state below, with the
 * speaking queue (floor/), decides it (see audible.ts); nothing a client claims does.
 */

/**
 * How a group's floor is held. `queue`: one speaker at a time, given the floor by the speaking queue (the
 * default). `open`: an open discussion, every participant of the group may be heard at once (small breakouts
 * without a queue).
 */
export const FLOOR_MODES = ['queue', 'open'] as const;
export type FloorMode = (typeof FLOOR_MODES)[number];

/** Voice state of a session. Absent from logs written before voice existed (every group in `queue` mode). */
export interface VoiceState {
  /** Groups whose floor mode is not the default `queue`. */
  floorModes: Record<string, FloorMode>;
  /** Facilitators whose microphone is switched on (they are heard in their group whatever the floor). */
  microphones: Record<string, true>;
}

export function emptyVoice(): VoiceState {
  return { floorModes: {}, microphones: {} };
}
