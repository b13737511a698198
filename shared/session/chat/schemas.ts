import { z } from 'zod';
import { idSchema } from '../schemas.js';
import { CHAT_CHANNELS, CHAT_LIMITS } from './types.js';

/** Commands of the chat (decided in decide.ts). */
export const chatCommandSchemas = {
  /**
   * Post a message. `group` goes to the poster's own group; a facilitator may name another open group.
   * `facilitators` is the private "ask the facilitators" channel; a facilitator posts there only to answer
   * one member (`to`).
   */
  'chat.post': z
    .object({
      type: z.literal('chat.post'),
      channel: z.enum(CHAT_CHANNELS).default('group'),
      text: z
        .string()
        .trim()
        .min(1, 'a message cannot be empty')
        .max(CHAT_LIMITS.textMax, `a message has at most ${CHAT_LIMITS.textMax} characters`),
      groupId: idSchema.optional(),
      /** A facilitator answering one member privately (channel `facilitators`): that member's id. */
      to: idSchema.optional(),
    })
    .strict(),
  /** A facilitator hides a message: it stays in the log, marked hidden with who hid it. */
  'chat.hide': z.object({ type: z.literal('chat.hide'), messageId: idSchema }).strict(),
} as const;
