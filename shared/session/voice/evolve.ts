import type { EventOf } from '../events.js';
import type { Evolvers } from '../evolve.js';
import type { SessionState } from '../types.js';
import { emptyVoice } from './types.js';
import type { VoiceState } from './types.js';

function withVoice(s: SessionState, patch: (v: VoiceState) => VoiceState): SessionState {
  return { ...s, voice: patch(s.voice ?? emptyVoice()) };
}

/** Evolvers of the voice events, spread into the table in evolve.ts. */
export const voiceEvolvers: Evolvers<'floor.mode.changed' | 'microphone.changed'> = {
  'floor.mode.changed': (s: SessionState, e: EventOf<'floor.mode.changed'>) =>
    withVoice(s, (v) => {
      const floorModes = { ...v.floorModes };
      // The default is not stored: a group back in `queue` mode looks like one that never left it.
      if (e.data.mode === 'queue') delete floorModes[e.data.groupId];
      else floorModes[e.data.groupId] = e.data.mode;
      return { ...v, floorModes };
    }),
  'microphone.changed': (s: SessionState, e: EventOf<'microphone.changed'>) =>
    withVoice(s, (v) => {
      const microphones = { ...v.microphones };
      if (e.data.on) microphones[e.data.memberId] = true;
      else delete microphones[e.data.memberId];
      return { ...v, microphones };
    }),
};
