import { z } from 'zod';
import { draftRecommendationSchema, OUTCOME_LIMITS } from '../outcomes/schemas.js';
import { idSchema } from '../schemas.js';
import { EDITING_MODES } from '../types.js';

/** Commands of the documents family (decided in documentCommands.ts). */
export const documentCommandSchemas = {
  /** Facilitators open or lock editing of a group's document, or give the decision back to the phase. */
  'editing.set': z
    .object({ type: z.literal('editing.set'), groupId: idSchema, mode: z.enum(EDITING_MODES) })
    .strict(),
  /**
   * Issued by the server when a group leaves an editing stretch, once the document's bytes are stored under
   * `versionId` (ports/versionStore.ts): records the version (its id, sha256 and size) and its text (the
   * recommendations, withdrawn ones left out) in one decision.
   */
  'document.record': z
    .object({
      type: z.literal('document.record'),
      groupId: idSchema,
      trigger: z.number().int().min(1),
      phaseId: idSchema.nullable(),
      versionId: idSchema,
      /** sha256 of the stored Yjs update, hex. */
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      /** Size of the stored update, bytes. */
      bytes: z.number().int().min(0),
      recommendations: z.array(draftRecommendationSchema).max(OUTCOME_LIMITS.recommendationsMax),
    })
    .strict(),
} as const;
