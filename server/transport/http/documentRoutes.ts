import { Router } from 'express';
import type { Request, Response } from 'express';
import { idSchema } from '../../../shared/session/schemas.js';
import type { AccessService } from '../../core/access.js';
import type { VersionReader } from '../../core/documents/versionReader.js';
import type { SessionService } from '../../core/sessionService.js';
import { isFacilitatorRequest } from './auth.js';
import { sendError } from './errors.js';

export interface DocumentRoutesDeps {
  sessions: SessionService;
  access: AccessService;
  versions: VersionReader;
  adminToken: string;
}

/**
 * Versions of a group's recommendations, for facilitators (resume token of a facilitator, or the admin
 * token): `GET /api/sessions/:id/groups/:groupId/versions` lists them (metadata);
 * `GET …/versions/:versionId` returns one: its recommendations as plain text and the Yjs update (base64).
 */
export function documentRoutes(deps: DocumentRoutesDeps): Router {
  const router = Router();

  async function facilitatorOnly(
    req: Request,
    res: Response,
  ): Promise<{ sessionId: string; groupId: string } | null> {
    const sessionId = idSchema.safeParse(req.params.id);
    const groupId = idSchema.safeParse(req.params.groupId);
    if (!sessionId.success || !groupId.success) {
      sendError(res, { code: 'not_found', message: 'no such group' });
      return null;
    }
    const allowed = await isFacilitatorRequest(req, res, sessionId.data, deps, {
      missing: 'send a facilitator token or the admin token',
      forbidden: 'only facilitators read versions',
      members: true,
    });
    if (!allowed) return null;
    const state = await deps.sessions.get(sessionId.data);
    if (!state?.groups[groupId.data]) {
      sendError(res, { code: 'not_found', message: 'no such group' });
      return null;
    }
    return { sessionId: sessionId.data, groupId: groupId.data };
  }

  router.get('/sessions/:id/groups/:groupId/versions', async (req, res) => {
    const target = await facilitatorOnly(req, res);
    if (!target) return;
    res.json({ ok: true, versions: await deps.versions.list(target.sessionId, target.groupId) });
  });

  router.get('/sessions/:id/groups/:groupId/versions/:versionId', async (req, res) => {
    const target = await facilitatorOnly(req, res);
    if (!target) return;
    const found = await deps.versions.read(target.sessionId, target.groupId, req.params.versionId);
    if (!found.ok) return sendError(res, found.error);
    res.json({ ok: true, version: found.version });
  });

  return router;
}
