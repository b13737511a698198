import { z } from 'zod';
import { LIMITS, idSchema } from '../schemas.js';
import { HAND_KINDS, QUEUE_POLICIES, SPEAKING_LIMITS } from './types.js';
import type { SpeakingSettings } from './types.js';

const turnSecSchema = z.number().int().min(SPEAKING_LIMITS.turnMinSec).max(SPEAKING_LIMITS.turnMaxSec);
export const queuePolicySchema = z.enum(QUEUE_POLICIES);

/** zod shape of the session-wide speaking settings (see SpeakingSettings in types.ts). */
export const speakingSettingsShape = {
  queuePolicy: queuePolicySchema,
  turnSec: turnSecSchema,
  replySec: turnSecSchema,
  autoAdvance: z.boolean(),
  speakerDrop: z.enum(['keep', 'end']),
};
export const speakingSettingsSchema: z.ZodType<SpeakingSettings> = z.object(speakingSettingsShape);

/** zod schemas of the speaking-queue commands; spread into `commandSchemas` (commands.ts). */
const group = { groupId: idSchema };
/** The turn the sender saw (see expectations.ts): relative turn commands carry it. */
const seenTurn = { turnId: idSchema };

export const queueCommandSchemas = {
  'hand.raise': z.object({ type: z.literal('hand.raise'), kind: z.enum(HAND_KINDS).optional() }).strict(),
  'hand.lower': z.object({ type: z.literal('hand.lower') }).strict(),
  'floor.give': z
    .object({
      type: z.literal('floor.give'),
      ...group,
      memberId: idSchema.optional(),
      /** The turn the sender saw running (null: nobody had the floor). */
      turnId: z.union([idSchema, z.null()]),
    })
    .strict(),
  'turn.extend': z
    .object({
      type: z.literal('turn.extend'),
      ...group,
      ...seenTurn,
      seconds: z.number().int().min(1).max(SPEAKING_LIMITS.extendMaxSec),
    })
    .strict(),
  'turn.end': z.object({ type: z.literal('turn.end'), ...group, ...seenTurn }).strict(),
  'turn.yield': z.object({ type: z.literal('turn.yield'), ...seenTurn }).strict(),
  'turn.expire': z.object({ type: z.literal('turn.expire'), ...group, turnId: idSchema }).strict(),
  'turns.expire': z
    .object({
      type: z.literal('turns.expire'),
      turns: z
        .array(z.object({ ...group, turnId: idSchema }).strict())
        .min(1)
        .max(LIMITS.groupsMax),
    })
    .strict(),
  'outage.recover': z
    .object({ type: z.literal('outage.recover'), downSince: z.number().int().nonnegative() })
    .strict(),
  // Names who is passed over and where the sender saw them (0-based, in the whole queue's order): two
  // facilitators skipping the same row at once pass them over once, the second is told the queue has moved.
  'queue.skip': z
    .object({
      type: z.literal('queue.skip'),
      ...group,
      memberId: idSchema,
      position: z.number().int().min(0),
    })
    .strict(),
  'queue.move': z
    .object({
      type: z.literal('queue.move'),
      ...group,
      memberId: idSchema,
      position: z.number().int().min(0).max(10_000),
    })
    .strict(),
  'queue.remove': z.object({ type: z.literal('queue.remove'), ...group, memberId: idSchema }).strict(),
  'queue.clear': z.object({ type: z.literal('queue.clear'), ...group }).strict(),
  'queue.pause': z.object({ type: z.literal('queue.pause'), ...group }).strict(),
  'queue.resume': z.object({ type: z.literal('queue.resume'), ...group }).strict(),
  'queue.policy': z
    .object({
      type: z.literal('queue.policy'),
      groupId: z.union([z.literal('all'), idSchema]),
      policy: queuePolicySchema,
    })
    .strict(),
  'queue.settings': z
    .object({
      type: z.literal('queue.settings'),
      ...group,
      autoAdvance: z.boolean().nullable().optional(),
      turnSec: z
        .number()
        .int()
        .min(SPEAKING_LIMITS.turnMinSec)
        .max(SPEAKING_LIMITS.turnMaxSec)
        .nullable()
        .optional(),
    })
    .strict(),
} as const;
