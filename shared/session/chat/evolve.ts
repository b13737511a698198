import type { Evolvers } from '../evolve.js';
import { CHAT_LIMITS } from './types.js';

/** Evolvers of the chat, spread into the table in evolve.ts. */
export const chatEvolvers: Evolvers<'chat.posted' | 'chat.hidden'> = {
  'chat.posted': (s, e) => {
    // A message this reader may not read: nothing to add.
    if ('redacted' in e.data) return s;
    const { messageId, channel, groupId, authorId, text, to } = e.data;
    const message = { id: messageId, channel, groupId, authorId, text, at: e.at, ...(to ? { to } : {}) };
    const chat = [...(s.chat ?? []), message];
    return { ...s, chat: chat.length > CHAT_LIMITS.keptMax ? chat.slice(-CHAT_LIMITS.keptMax) : chat };
  },
  'chat.hidden': (s, e) => {
    if (!s.chat?.some((m) => m.id === e.data.messageId)) return s;
    return {
      ...s,
      chat: s.chat.map((m) =>
        m.id === e.data.messageId ? { ...m, text: '', hidden: { by: e.data.by, at: e.at } } : m,
      ),
    };
  },
};
