import { createHash } from 'node:crypto';
import type { NewEvent, SessionEvent } from '../../shared/session/events.js';

import { canonicalJson } from './canonicalJson.js';
import { withoutPersonalValues } from './personalData.js';

export { canonicalJson };

/**
 * Each event carries the hash of the one before it, so an exported log can be checked for tampering:
 * hash = sha256(prev + "\n" + canonical JSON of {v, at, actor, type, data, personal}). An event sealed for
 * personal data (core/personalData.ts) is hashed without its personal values and with its seal, so erasing
 * a member changes no hash; an event without a seal (all events before seals existed) hashes as it always did.
 */
export function eventHash(prev: string, event: Omit<SessionEvent, 'hash' | 'prev'>): string {
  const e = withoutPersonalValues(event as SessionEvent);
  const content = canonicalJson({
    v: e.v,
    at: e.at,
    actor: e.actor,
    type: e.type,
    data: e.data,
    personal: e.personal,
  });
  return createHash('sha256').update(prev).update('\n').update(content).digest('hex');
}

/** Stamps new events into log entries that follow `head`. */
export function chain(
  head: { version: number; hash: string },
  events: readonly NewEvent[],
  at: number,
  actor: string,
): SessionEvent[] {
  let prev = head.hash;
  return events.map((e, i) => {
    const base = { ...e, v: head.version + i + 1, at, actor } as Omit<SessionEvent, 'hash' | 'prev'>;
    const hash = eventHash(prev, base);
    const stamped = { ...base, prev, hash } as SessionEvent;
    prev = hash;
    return stamped;
  });
}

export type Verification =
  { ok: true; count: number; head: string } | { ok: false; at: number; reason: string };

/** Checks an exported log: versions follow each other and every hash matches its content. */
export function verifyChain(events: readonly SessionEvent[]): Verification {
  let prev = '';
  for (const [i, e] of events.entries()) {
    if (e.v !== i + 1) return { ok: false, at: i + 1, reason: `event ${i + 1} has version ${e.v}` };
    if (e.prev !== prev)
      return { ok: false, at: e.v, reason: `event ${e.v} does not follow the previous hash` };
    if (eventHash(prev, e) !== e.hash) return { ok: false, at: e.v, reason: `event ${e.v} was altered` };
    prev = e.hash;
  }
  return { ok: true, count: events.length, head: prev };
}
