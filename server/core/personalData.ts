import { createHash, randomBytes } from 'node:crypto';
import type { NewEvent, SessionEvent } from '../../shared/session/events.js';
import { ERASED_MEMBER_NAME } from '../../shared/session/members/types.js';
import type { PersonalDataStore, PersonalRecord } from '../ports/personalDataStore.js';
import { canonicalJson } from './canonicalJson.js';
import { randomId } from './ids.js';

/**
 * Personal data outside the hash-chained log. The events that carry a person's name or attributes keep
 * their shape in memory and on the wire (evolve, clients and the report see names as before), but:
 * - when decided, each gets a seal `personal: { ref, commitments }`: one salted commitment
 *   sha256(salt, canonical values) per member concerned, and the values go to the PersonalDataStore under
 *   `ref` (written before the append, like secret ballots);
 * - the event's hash covers the event *without* those values and with the seal (hashChain.ts `hashedView`),
 *   so the chain does not depend on them;
 * - the event store keeps the event without them (PersonalDataEventStore strips on append and puts them
 *   back on read).
 * Erasing a member deletes their records: their events read back as ERASED_MEMBER_NAME with no attributes,
 * and every hash still matches. Without the salt, a commitment says nothing about the name it sealed.
 */
interface PersonalFields {
  /** The values of each member concerned, as stored. */
  take(data: Record<string, unknown>): Record<string, Record<string, unknown>>;
  /** The data without any personal value (what the hash and the event store see). */
  strip(data: Record<string, unknown>): Record<string, unknown>;
  /** The data with each member's values back: `undefined` for an erased member. */
  restore(
    data: Record<string, unknown>,
    values: Record<string, Record<string, unknown> | undefined>,
  ): Record<string, unknown>;
}

const without = (data: Record<string, unknown>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(data).filter(([k]) => !keys.includes(k)));

/** Events whose data holds personal values, and which values. */
export const PERSONAL_EVENTS: Partial<Record<SessionEvent['type'], PersonalFields>> = {
  'member.joined': {
    take: (d) => ({ [d.memberId as string]: { name: d.name, attributes: d.attributes } }),
    strip: (d) => without(d, 'name', 'attributes'),
    restore: (d, v) => {
      const values = v[d.memberId as string];
      return { ...d, name: values?.name ?? ERASED_MEMBER_NAME, attributes: values?.attributes ?? {} };
    },
  },
  'member.renamed': {
    take: (d) => ({ [d.memberId as string]: { name: d.name } }),
    strip: (d) => without(d, 'name'),
    restore: (d, v) => ({ ...d, name: v[d.memberId as string]?.name ?? ERASED_MEMBER_NAME }),
  },
  'attributes.changed': {
    take: (d) => ({ [d.memberId as string]: { attributes: d.attributes } }),
    strip: (d) => without(d, 'attributes'),
    restore: (d, v) => ({ ...d, attributes: v[d.memberId as string]?.attributes ?? {} }),
  },
  'draw.made': {
    take: (d) =>
      Object.fromEntries(
        Object.entries(d.profiles as Record<string, unknown>).map(([memberId, profile]) => [
          memberId,
          { profile },
        ]),
      ),
    strip: (d) => without(d, 'profiles'),
    restore: (d, v) => ({
      ...d,
      profiles: Object.fromEntries(
        Object.entries(v).map(([memberId, values]) => [memberId, values?.profile ?? {}]),
      ),
    }),
  },
};

/** The seal an event carries in the log in place of its personal values. */
export interface PersonalSeal {
  ref: string;
  /** Member id → sha256(salt, canonical values), hex. */
  commitments: Record<string, string>;
}

type Sealed<E> = E & { personal?: PersonalSeal };

export function commitment(record: PersonalRecord): string {
  return createHash('sha256')
    .update(record.salt)
    .update('\n')
    .update(canonicalJson(record.values))
    .digest('hex');
}

/**
 * Seals the personal values of decided events: records (with fresh salts) for the store, and each event
 * with its seal. Events without personal data pass unchanged.
 */
export function seal(events: readonly NewEvent[]): {
  events: NewEvent[];
  records: { ref: string; records: Record<string, PersonalRecord> }[];
} {
  const records: { ref: string; records: Record<string, PersonalRecord> }[] = [];
  const sealed = events.map((event) => {
    const fields = PERSONAL_EVENTS[event.type];
    if (!fields) return event;
    const ref = randomId('p');
    const byMember: Record<string, PersonalRecord> = {};
    const commitments: Record<string, string> = {};
    for (const [memberId, values] of Object.entries(fields.take(event.data as Record<string, unknown>))) {
      const record = { salt: randomBytes(16).toString('base64url'), values };
      byMember[memberId] = record;
      commitments[memberId] = commitment(record);
    }
    records.push({ ref, records: byMember });
    return { ...event, personal: { ref, commitments } } as unknown as NewEvent;
  });
  return { events: sealed, records };
}

/** The event as the hash and the store see it: sealed, without its personal values. */
export function withoutPersonalValues<E extends SessionEvent>(event: E): E {
  const sealed = (event as Sealed<E>).personal;
  const fields = PERSONAL_EVENTS[event.type];
  if (!sealed || !fields) return event;
  return { ...event, data: fields.strip(event.data as Record<string, unknown>) } as E;
}

/**
 * Events read from the store, with their personal values put back from the personal data store (the
 * values of erased members: ERASED_MEMBER_NAME, no attributes). Events written before seals existed carry
 * their values inline and pass unchanged.
 */
export async function withPersonalValues(
  sessionId: string,
  events: SessionEvent[],
  store: PersonalDataStore,
): Promise<SessionEvent[]> {
  const refs = events.flatMap((e) => {
    const sealed = (e as Sealed<SessionEvent>).personal;
    return sealed && PERSONAL_EVENTS[e.type] ? [sealed.ref] : [];
  });
  if (refs.length === 0) return events;
  const found = await store.get(sessionId, refs);
  return events.map((event) => {
    const sealed = (event as Sealed<SessionEvent>).personal;
    const fields = PERSONAL_EVENTS[event.type];
    if (!sealed || !fields) return event;
    const records = found.get(sealed.ref) ?? {};
    const values = Object.fromEntries(
      Object.keys(sealed.commitments).map((memberId) => {
        const record = records[memberId];
        // A record that does not match its commitment is not this event's: treated as erased.
        const valid = record && commitment(record) === sealed.commitments[memberId];
        return [memberId, valid ? record.values : undefined];
      }),
    );
    return { ...event, data: fields.restore(event.data as Record<string, unknown>, values) } as SessionEvent;
  });
}
