/**
 * Text chat: short messages per group, and a private channel to ask the facilitators. Zod-free (the browser
 * imports it); the schemas are in schemas.ts.
 */

/** `group`: the participants of the message's group and the facilitators read it (observers read the
 * plenary's); the server sends no one else its text (chat/project.ts). `facilitators`: only its author and
 * the facilitators — and, for a facilitator's answer, the member it answers (`to`). */
export const CHAT_CHANNELS = ['group', 'facilitators'] as const;
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

export const CHAT_LIMITS = {
  /** Longest message, in characters (after trimming). */
  textMax: 500,
  /** A member posts at most `burst` messages per `windowMs` (counted from the log, so every process agrees). */
  burst: 3,
  windowMs: 10_000,
  /** Messages kept in the state (the log keeps them all); older ones leave the live view. */
  keptMax: 500,
} as const;

export interface ChatMessage {
  id: string;
  channel: ChatChannel;
  /** The group it was posted in (for `facilitators`, the author's group at the time). */
  groupId: string;
  authorId: string;
  /** Empty once hidden: the text stays in the log (transparency), not in anyone's live view. */
  text: string;
  at: number;
  /**
   * A facilitator's private answer in the `facilitators` channel: the member it answers, who alone (with the
   * facilitators) reads it.
   */
  to?: string | undefined;
  /** Set when a facilitator hid it: who, and when. */
  hidden?: { by: string; at: number } | undefined;
}
