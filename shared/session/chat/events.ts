import type { ChatChannel } from './types.js';

/** Payloads of the chat events; merged into EventData (events.ts). */
export interface ChatEventData {
  /**
   * A message was posted. Readers who may not see a private message receive it redacted (`redacted: true`,
   * no author, group nor text), so versions stay contiguous (see project.ts).
   */
  'chat.posted':
    | { messageId: string; channel: ChatChannel; groupId: string; authorId: string; text: string }
    | { messageId: string; channel: 'facilitators'; redacted: true };
  /** A facilitator hid a message (`by`); its text stays in the `chat.posted` event of the log. */
  'chat.hidden': { messageId: string; by: string };
}
