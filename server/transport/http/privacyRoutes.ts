import { Router } from 'express';
import { z } from 'zod';
import { idSchema } from '../../../shared/session/schemas.js';
import type { PrivacyService } from '../../core/privacy.js';
import { bearer, isAdminToken } from './auth.js';
import { sendError, zodMessage } from './errors.js';

export interface PrivacyRoutesDeps {
  privacy: PrivacyService;
  adminToken: string;
}

/** The erasure request's body: why, for the operator's log (say which request, never whose name). */
export const eraseMemberBody = z.object({ reason: z.string().trim().max(200).optional() }).strict();

/**
 * Data-protection requests, for the admin only: delete a session with everything it stored, erase one
 * member's personal data. See docs/privacy.md.
 */
export function privacyRoutes(deps: PrivacyRoutesDeps): Router {
  const router = Router();
  const admin = (authorization: string | undefined) => isAdminToken(authorization, deps.adminToken);

  router.delete('/sessions/:id', async (req, res) => {
    if (!admin(bearer(req)))
      return sendError(res, { code: 'unauthenticated', message: 'this needs the admin token' });
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) return sendError(res, { code: 'not_found', message: 'no such session' });
    const result = await deps.privacy.deleteSession(id.data);
    if (!result.ok) return sendError(res, result.error);
    res.json({ ok: true, deleted: id.data });
  });

  router.post('/sessions/:id/members/:memberId/erase', async (req, res) => {
    if (!admin(bearer(req)))
      return sendError(res, { code: 'unauthenticated', message: 'this needs the admin token' });
    const id = idSchema.safeParse(req.params.id);
    const memberId = idSchema.safeParse(req.params.memberId);
    if (!id.success || !memberId.success)
      return sendError(res, { code: 'not_found', message: 'no such member' });
    const body = eraseMemberBody.safeParse(req.body ?? {});
    if (!body.success) return sendError(res, { code: 'bad_request', message: zodMessage(body.error) });
    const result = await deps.privacy.eraseMember(id.data, memberId.data);
    if (!result.ok) return sendError(res, result.error);
    res.json({ ok: true, erased: memberId.data });
  });

  return router;
}
