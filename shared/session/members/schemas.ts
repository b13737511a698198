import { z } from 'zod';
import { LIMITS, idSchema, nameSchema } from '../schemas.js';
import { speakingSettingsShape } from '../floor/schemas.js';
import { ROLES } from './types.js';

export const roleSchema = z.enum(ROLES);

export const attributesSchema = z
  .record(z.string().min(1).max(LIMITS.nameMax), z.string().max(LIMITS.attributeValueMax))
  .refine((a) => Object.keys(a).length <= LIMITS.attributesMax, `at most ${LIMITS.attributesMax} attributes`);

/** An attribute name: letters (any script), digits, - and _ (so it survives CSV imports and URLs). */
export const attributeKeySchema = z
  .string()
  .min(1)
  .max(LIMITS.nameMax)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'an attribute name uses letters, digits, - and _');

const unique = (values: readonly string[]) => new Set(values).size === values.length;

/** The session setting `joinAttributes`: what participants are asked at join (see joinAttributes.ts). */
export const joinAttributesSchema = z
  .array(
    z
      .object({
        key: attributeKeySchema,
        label: z.string().trim().min(1).max(LIMITS.titleMax),
        choices: z
          .array(z.string().trim().min(1).max(LIMITS.attributeValueMax))
          .min(1, 'give at least one choice, or none for free text')
          .max(LIMITS.attributeChoicesMax, `at most ${LIMITS.attributeChoicesMax} choices`)
          .refine(unique, 'choices must be unique')
          .optional(),
        required: z.boolean().optional(),
      })
      .strict(),
  )
  .max(LIMITS.attributesMax, `at most ${LIMITS.attributesMax} attributes`)
  .refine((list) => unique(list.map((a) => a.key)), 'attribute keys must be unique');

/** An IANA time zone name this runtime knows (`Europe/Paris`); checked by formatting a date in it. */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone }).format(0);
      return true;
    } catch {
      return false;
    }
  }, 'an unknown time zone (give an IANA name such as Europe/Paris)');

/** Commands of the session itself, its settings, members and announcements (decided in decide.ts). */
export const memberCommandSchemas = {
  'session.start': z.object({ type: z.literal('session.start') }).strict(),
  'session.end': z.object({ type: z.literal('session.end') }).strict(),
  'settings.update': z
    .object({
      type: z.literal('settings.update'),
      crossGroupReading: z.boolean().optional(),
      maxMembers: z.number().int().min(1).max(10_000).optional(),
      joinAttributes: joinAttributesSchema.optional(),
      timeZone: timeZoneSchema.optional(),
      ...z.object(speakingSettingsShape).partial().shape,
    })
    .strict(),
  'member.join': z
    .object({
      type: z.literal('member.join'),
      name: nameSchema,
      role: roleSchema,
      groupId: idSchema.optional(),
      attributes: attributesSchema.optional(),
    })
    .strict(),
  'member.rename': z
    .object({ type: z.literal('member.rename'), memberId: idSchema.optional(), name: nameSchema })
    .strict(),
  'member.remove': z.object({ type: z.literal('member.remove'), memberId: idSchema }).strict(),
  'member.move': z.object({ type: z.literal('member.move'), memberId: idSchema, groupId: idSchema }).strict(),
  /** Issued by the server when a member's first connection opens (any process): they are here. */
  'presence.enter': z.object({ type: z.literal('presence.enter'), memberId: idSchema }).strict(),
  /**
   * Issued by the server when a member's last connection has closed (`left`), or when the process holding it
   * died and its lease lapsed (`lapsed`).
   */
  'presence.leave': z
    .object({ type: z.literal('presence.leave'), memberId: idSchema, reason: z.enum(['left', 'lapsed']) })
    .strict(),
  /** The admin erases a member's personal data on request (their name and attributes leave every store). */
  'member.erase': z.object({ type: z.literal('member.erase'), memberId: idSchema }).strict(),
  'announcement.make': z
    .object({
      type: z.literal('announcement.make'),
      text: z.string().trim().min(1).max(LIMITS.announcementMax),
    })
    .strict(),
} as const;
