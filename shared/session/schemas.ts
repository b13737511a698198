import { z } from 'zod';

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
