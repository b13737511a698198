import { z } from 'zod';
import { LIMITS, idSchema, nameSchema } from '../schemas.js';
import { attributesSchema } from '../members/schemas.js';

/** Limits of draws, drafts and votes (see docs/outcomes.md). */
export const OUTCOME_LIMITS = {
  seedMax: 128,
  drawPopulationMax: 10_000,
  recommendationsMax: 100,
  recommendationTitleMax: 300,
  recommendationBodyMax: 10_000,
  voteItemsMax: 100,
  dotsMax: 100,
} as const;

const title = z.string().trim().min(1).max(OUTCOME_LIMITS.recommendationTitleMax);
const body = z.string().max(OUTCOME_LIMITS.recommendationBodyMax);

export const voteMethodSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approval') }).strict(),
  z
    .object({
      kind: z.literal('dots'),
      points: z.number().int().min(1).max(OUTCOME_LIMITS.dotsMax),
      maxPerItem: z.number().int().min(1).max(OUTCOME_LIMITS.dotsMax).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('consent') }).strict(),
]);

export const ballotSchema = z
  .record(idSchema, z.union([z.boolean(), z.number().int().min(0).max(OUTCOME_LIMITS.dotsMax)]))
  .refine((b) => Object.keys(b).length <= OUTCOME_LIMITS.voteItemsMax, 'too many answers');

export const draftRecommendationSchema = z
  .object({ id: idSchema, title, body, authors: z.array(idSchema).max(50) })
  .strict();

export const outcomeCommandSchemas = {
  /** Sets (merges) private attributes of members, e.g. imported from a recruitment file. */
  'attributes.set': z
    .object({
      type: z.literal('attributes.set'),
      members: z
        .record(idSchema, attributesSchema)
        .refine((m) => Object.keys(m).length >= 1, 'give at least one member')
        .refine((m) => Object.keys(m).length <= OUTCOME_LIMITS.drawPopulationMax, 'too many members'),
      /** Replace each member's attributes instead of merging into them (default false). */
      replace: z.boolean().optional(),
    })
    .strict(),
  'draw.make': z
    .object({
      type: z.literal('draw.make'),
      /** N groups, or groups of about K people. */
      groups: z.union([
        z.object({ count: z.number().int().min(1).max(LIMITS.groupsMax) }).strict(),
        z.object({ size: z.number().int().min(1).max(OUTCOME_LIMITS.drawPopulationMax) }).strict(),
      ]),
      seed: z.string().min(1).max(OUTCOME_LIMITS.seedMax).optional(),
      stratifyBy: z.array(z.string().min(1).max(LIMITS.nameMax)).max(LIMITS.attributesMax).optional(),
      /** Who is drawn (e.g. those present in the room); default: every participant not removed. */
      memberIds: z.array(idSchema).min(1).max(OUTCOME_LIMITS.drawPopulationMax).optional(),
      /** Groups to fill first (default: the open breakout groups); missing ones are created. */
      groupIds: z.array(idSchema).max(LIMITS.groupsMax).optional(),
      /** Name of created groups, followed by their number (default "Groupe"/"Group"). */
      namePrefix: nameSchema.optional(),
    })
    .strict(),
  /** Closes breakout groups (everyone back to the plenary) and gathers their recorded recommendations. */
  'harvest.collect': z
    .object({
      type: z.literal('harvest.collect'),
      groupIds: z.array(idSchema).min(1).max(LIMITS.groupsMax).optional(),
    })
    .strict(),
  'vote.open': z
    .object({
      type: z.literal('vote.open'),
      title: z.string().trim().min(1).max(LIMITS.titleMax).optional(),
      method: voteMethodSchema,
      /** Harvested recommendations by id, or free items; default: every harvested recommendation. */
      items: z
        .array(
          z.union([
            z.object({ harvestedId: idSchema }).strict(),
            z.object({ title, body: body.optional() }).strict(),
          ]),
        )
        .min(1)
        .max(OUTCOME_LIMITS.voteItemsMax)
        .optional(),
      groupId: idSchema.optional(),
      /** Default true: the log keeps who voted, never what. */
      secret: z.boolean().optional(),
      /** Default false: results only at close. */
      liveResults: z.boolean().optional(),
    })
    .strict(),
  'ballot.cast': z
    .object({ type: z.literal('ballot.cast'), voteId: idSchema, ballot: ballotSchema })
    .strict(),
  'vote.close': z.object({ type: z.literal('vote.close'), voteId: idSchema }).strict(),
} as const;
