import { z } from 'zod';
import { idSchema } from '../schemas.js';
import { EDITING_MODES } from '../types.js';

/** Largest recorded version accepted in the log (base64 characters): above any document size limit. */
export const MAX_VERSION_BASE64 = 48 * 1024 * 1024;

/** Commands of the documents family (decided in documentCommands.ts). */
export const documentCommandSchemas = {
  /** Facilitators open or lock editing of a group's document, or give the decision back to the phase. */
  'editing.set': z
    .object({ type: z.literal('editing.set'), groupId: idSchema, mode: z.enum(EDITING_MODES) })
    .strict(),
  /** Issued by the server when a group leaves an editing stretch: records its document in the log. */
  'document.record': z
    .object({
      type: z.literal('document.record'),
      groupId: idSchema,
      trigger: z.number().int().min(1),
      phaseId: idSchema.nullable(),
      update: z.base64().max(MAX_VERSION_BASE64),
      bytes: z.number().int().min(0),
      recommendations: z.number().int().min(0),
    })
    .strict(),
} as const;
