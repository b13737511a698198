import { z } from 'zod';
import { idSchema } from '../schemas.js';

/** Commands about invite links (decided in decide.ts). */
export const inviteCommandSchemas = {
  /** An invite link stops letting anyone in (its id is in its token; see server/core/access.ts). */
  'invite.revoke': z.object({ type: z.literal('invite.revoke'), inviteId: idSchema }).strict(),
} as const;
