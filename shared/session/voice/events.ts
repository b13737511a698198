import type { FloorMode } from './types.js';

/** Payloads of the voice events; merged into EventData (events.ts). Nothing of the audio itself is logged. */
export interface VoiceEventData {
  /** A facilitator changed how a group's floor is held (command `floor.mode`). */
  'floor.mode.changed': { groupId: string; mode: FloorMode };
  /** A facilitator switched their microphone on or off (command `microphone.set`). */
  'microphone.changed': { memberId: string; on: boolean };
}
