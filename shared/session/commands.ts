import { z } from 'zod';
import { outcomeCommandSchemas } from './outcomeCommandSchemas.js';
import { queueCommandSchemas } from './queue/schemas.js';
import { speakingSettingsShape } from './queue/schemas.js';
import { documentCommandSchemas } from './commands/documentSchemas.js';
import { LIMITS, agendaInputSchema, attributesSchema, idSchema, nameSchema, roleSchema } from './schemas.js';
import { joinAttributesSchema } from './schemas.js';

/**
 * Every command a client (or the server itself) can issue, as zod schemas. The socket transport parses
 * incoming commands with `commandSchema` before any core code runs.
 */
const groupTarget = z.union([z.literal('all'), idSchema]);

export const phaseTargetSchema = z.union([
  z.enum(['first', 'next', 'previous', 'finish']),
  z.object({ phaseId: idSchema }).strict(),
]);

/** A phase as the sender saw it: its id, or null for "in no phase" (see expectations.ts). */
const seenPhaseSchema = z.union([idSchema, z.null()]);

/** The `from` of `phase.goto`: one seen phase, or the seen phase of each open group by id. */
export const seenPhasesSchema = z.union([
  seenPhaseSchema,
  z
    .record(idSchema, seenPhaseSchema)
    .refine((r) => Object.keys(r).length <= LIMITS.groupsMax, `at most ${LIMITS.groupsMax} groups`),
]);

export const commandSchemas = {
  'session.start': z.object({ type: z.literal('session.start') }).strict(),
  'session.end': z.object({ type: z.literal('session.end') }).strict(),
  'settings.update': z
    .object({
      type: z.literal('settings.update'),
      crossGroupReading: z.boolean().optional(),
      maxMembers: z.number().int().min(1).max(10_000).optional(),
      joinAttributes: joinAttributesSchema.optional(),
      ...z.object(speakingSettingsShape).partial().shape,
    })
    .strict(),
  'agenda.set': z.object({ type: z.literal('agenda.set'), agenda: agendaInputSchema }).strict(),
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
  'group.create': z
    .object({ type: z.literal('group.create'), name: nameSchema, groupId: idSchema.optional() })
    .strict(),
  'group.rename': z.object({ type: z.literal('group.rename'), groupId: idSchema, name: nameSchema }).strict(),
  'group.close': z.object({ type: z.literal('group.close'), groupId: idSchema }).strict(),
  'phase.goto': z
    .object({
      type: z.literal('phase.goto'),
      groupId: groupTarget,
      to: phaseTargetSchema,
      /** What the sender saw; required for `next` and `previous` (checked by decide). */
      from: seenPhasesSchema.optional(),
      /** Set to confirm a move that sends a group back to an earlier phase (or restarts a finished one). */
      back: z.literal(true).optional(),
    })
    .strict(),
  'announcement.make': z
    .object({
      type: z.literal('announcement.make'),
      text: z.string().trim().min(1).max(LIMITS.announcementMax),
    })
    .strict(),
  ...outcomeCommandSchemas,
  ...queueCommandSchemas,
  ...documentCommandSchemas,
} as const;

export type CommandType = keyof typeof commandSchemas;
export type CommandOf<K extends CommandType> = z.infer<(typeof commandSchemas)[K]>;
export type Command = { [K in CommandType]: CommandOf<K> }[CommandType];

type AnyCommandSchema = (typeof commandSchemas)[CommandType];
export const commandSchema = z.discriminatedUnion(
  'type',
  Object.values(commandSchemas) as [AnyCommandSchema, ...AnyCommandSchema[]],
);

export const COMMAND_TYPES = Object.keys(commandSchemas) as CommandType[];

export function isCommandType(type: unknown): type is CommandType {
  return typeof type === 'string' && Object.hasOwn(commandSchemas, type);
}
