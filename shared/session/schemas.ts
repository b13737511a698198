import { z } from 'zod';
import { SPEAKING_LIMITS } from './queue/types.js';
import { PHASE_KINDS, ROLES } from './types.js';
import type { Capabilities, Phase, PhaseKind } from './types.js';

/** Limits of the domain, in one place so the docs and the validation agree. */
export const LIMITS = {
  titleMax: 200,
  nameMax: 60,
  announcementMax: 2000,
  phasesMax: 50,
  phaseDurationMaxSec: 24 * 3600,
  groupsMax: 200,
  attributesMax: 10,
  attributeValueMax: 60,
  /** Choices of one attribute asked at join. */
  attributeChoicesMax: 30,
  idMax: 64,
} as const;

export const idSchema = z
  .string()
  .min(1)
  .max(LIMITS.idMax)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, - and _');

export const nameSchema = z
  .string()
  .trim()
  .min(1, 'a name cannot be empty')
  .max(LIMITS.nameMax, `a name has at most ${LIMITS.nameMax} characters`);

export const roleSchema = z.enum(ROLES);

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
