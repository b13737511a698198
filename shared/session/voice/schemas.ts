import { z } from 'zod';
import { idSchema } from '../schemas.js';
import { FLOOR_MODES } from './types.js';

/** zod schemas of the voice commands; spread into `commandSchemas` (commands.ts), decided in decide.ts here. */
export const voiceCommandSchemas = {
  /** Facilitators switch a group between the speaking queue and an open discussion. */
  'floor.mode': z
    .object({ type: z.literal('floor.mode'), groupId: idSchema, mode: z.enum(FLOOR_MODES) })
    .strict(),
  /** A facilitator switches their own microphone on or off (push-to-talk sends one on press, one on release). */
  'microphone.set': z.object({ type: z.literal('microphone.set'), on: z.boolean() }).strict(),
} as const;
