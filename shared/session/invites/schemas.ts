import { z } from 'zod';
import { roleSchema } from '../members/schemas.js';
import { idSchema } from '../schemas.js';
import { INVITE_LABEL_MAX } from './types.js';

/** An organiser's label for an invite link (trimmed; at most `INVITE_LABEL_MAX` characters). */
export const inviteLabelSchema = z
  .string()
  .trim()
  .min(1, 'a label cannot be empty')
  .max(INVITE_LABEL_MAX, `a label has at most ${INVITE_LABEL_MAX} characters`);

/** Commands about invite links (decided in decide.ts). */
export const inviteCommandSchemas = {
  /**
   * Issued by the server when it mints an invite (server/core/access.ts), so that the link can be listed and
   * revoked later: what names it and what it lets in, never its token. `issuedBy`: `admin`, the
   * facilitator's member id who asked for it, or `facilitator` (someone holding a facilitator's invite who
   * has not joined).
   */
  'invite.issue': z
    .object({
      type: z.literal('invite.issue'),
      inviteId: idSchema,
      role: roleSchema,
      groupId: idSchema.optional(),
      expiresAt: z.number().int().positive(),
      label: inviteLabelSchema.optional(),
      issuedBy: z.union([z.literal('admin'), z.literal('facilitator'), idSchema]),
    })
    .strict(),
  /** An invite link stops letting anyone in (its id is in its token; see server/core/access.ts). */
  'invite.revoke': z.object({ type: z.literal('invite.revoke'), inviteId: idSchema }).strict(),
} as const;
