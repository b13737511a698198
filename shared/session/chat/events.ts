import type { ChatChannel } from './types.js';

/** Payloads of the chat events; merged into EventData (events.ts). */
export interface ChatEventData {
  /**
   * A message was posted. Readers who may not read it (another group's, someone else's private question)
   * receive it redacted (`redacted: true`, no author, group nor text), so versions stay contiguous (see
   * project.ts).
   */
  'chat.posted':
    | {
        messageId: string;
        channel: ChatChannel;
        groupId: string;
        authorId: string;
        text: string;
        /** A facilitator's private answer: the member it answers. */
        to?: string;
      }
    | { messageId: string; channel: ChatChannel; redacted: true };
  /** A facilitator hid a message (`by`); its text stays in the `chat.posted` event of the log. */
  'chat.hidden': { messageId: string; by: string };
}
