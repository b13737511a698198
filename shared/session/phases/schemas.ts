import { z } from 'zod';
import { LIMITS, idSchema, nameSchema } from '../schemas.js';
import { SPEAKING_LIMITS } from '../floor/types.js';
import { PHASE_KINDS } from './types.js';
import type { Capabilities, Phase, PhaseKind } from './types.js';

export const capabilitiesSchema = z.object({
  queue: z.boolean(),
  editing: z.boolean(),
  voting: z.boolean(),
});

/** What each kind of phase opens unless the agenda says otherwise. */
export const defaultCapabilities: Record<PhaseKind, Capabilities> = {
  welcome: { queue: false, editing: false, voting: false },
  information: { queue: true, editing: false, voting: false },
  debate: { queue: true, editing: false, voting: false },
  drafting: { queue: true, editing: true, voting: false },
  vote: { queue: false, editing: false, voting: true },
  presentation: { queue: true, editing: false, voting: false },
  break: { queue: false, editing: false, voting: false },
  custom: { queue: false, editing: false, voting: false },
};

/** A phase as a facilitator writes it: only kind and duration are required. */
export const phaseInputSchema = z.object({
  id: idSchema.optional(),
  kind: z.enum(PHASE_KINDS),
  label: z.string().trim().min(1).max(LIMITS.nameMax).optional(),
  title: z.string().trim().min(1).max(LIMITS.titleMax).optional(),
  durationSec: z.number().int().min(1).max(LIMITS.phaseDurationMaxSec),
  capabilities: capabilitiesSchema.partial().optional(),
  /** Length of a normal speaking turn in this phase (else the session's `turnSec`). */
  turnSec: z.number().int().min(SPEAKING_LIMITS.turnMinSec).max(SPEAKING_LIMITS.turnMaxSec).optional(),
});
export type PhaseInput = z.infer<typeof phaseInputSchema>;

export const agendaInputSchema = z
  .array(phaseInputSchema)
  .min(1, 'an agenda has at least one phase')
  .max(LIMITS.phasesMax, `an agenda has at most ${LIMITS.phasesMax} phases`)
  .refine((phases) => {
    const ids = phases.map((p) => p.id).filter((id): id is string => id !== undefined);
    return new Set(ids).size === ids.length;
  }, 'phase ids must be unique');

const kindTitles: Record<string, Record<PhaseKind, string>> = {
  fr: {
    welcome: 'Accueil',
    information: 'Information',
    debate: 'Débat',
    drafting: 'Rédaction des préconisations',
    vote: 'Vote',
    presentation: 'Présentation aux élus',
    break: 'Pause',
    custom: 'Étape',
  },
  en: {
    welcome: 'Welcome',
    information: 'Information',
    debate: 'Debate',
    drafting: 'Drafting recommendations',
    vote: 'Vote',
    presentation: 'Presentation to elected officials',
    break: 'Break',
    custom: 'Step',
  },
};

export function phaseTitle(kind: PhaseKind, locale: string): string {
  const titles = kindTitles[locale.slice(0, 2)] ?? kindTitles.en!;
  return titles[kind];
}

/** Turns facilitator input into full phases, filling ids, titles and capabilities. */
export function normalizeAgenda(input: PhaseInput[], locale: string): Phase[] {
  const used = new Set(input.map((p) => p.id).filter(Boolean));
  let n = 0;
  return input.map((p) => {
    let id = p.id;
    while (id === undefined || (p.id === undefined && used.has(id))) {
      n += 1;
      id = `p${n}`;
    }
    used.add(id);
    return {
      id,
      kind: p.kind,
      label: p.label,
      title: p.title ?? p.label ?? phaseTitle(p.kind, locale),
      durationSec: p.durationSec,
      capabilities: { ...defaultCapabilities[p.kind], ...p.capabilities },
      ...(p.turnSec !== undefined ? { turnSec: p.turnSec } : {}),
    };
  });
}

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

/** Commands of the agenda, groups and phases (decided in decide.ts). */
export const phaseCommandSchemas = {
  'agenda.set': z.object({ type: z.literal('agenda.set'), agenda: agendaInputSchema }).strict(),
  'group.create': z
    .object({ type: z.literal('group.create'), name: nameSchema, groupId: idSchema.optional() })
    .strict(),
  'group.rename': z.object({ type: z.literal('group.rename'), groupId: idSchema, name: nameSchema }).strict(),
  'group.close': z.object({ type: z.literal('group.close'), groupId: idSchema }).strict(),
  /** Facilitators choose which group the room's screen (and the observers' view) follows. */
  'projector.follow': z.object({ type: z.literal('projector.follow'), groupId: idSchema }).strict(),
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
} as const;
