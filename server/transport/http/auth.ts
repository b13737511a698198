import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Role } from '../../../shared/session/types.js';
import type { AccessService } from '../../core/access.js';
import { sendError } from './errors.js';

/** The bearer token of a request: `Authorization: Bearer …`, or `?token=` for links opened in a browser. */
export function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (match) return match[1];
  const query = req.query.token;
  return typeof query === 'string' ? query : undefined;
}

/** Constant-time comparison of the admin token (hashing first makes the lengths equal). */
export function isAdminToken(given: string | undefined, adminToken: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(adminToken).digest();
  return timingSafeEqual(a, b);
}

export interface SessionAuthDeps {
  access: AccessService;
  adminToken: string;
}

/** Who a request speaks for in a session: the admin, or the role of a member or invite token of that session. */
/** Who sent a request: its role, whether it came with an invite, and the member (for a member's token). */
export type Requester = { role: Role | 'admin'; invite: boolean; memberId?: string };

/**
 * Resolves the requester of `sessionId`, answering the refusal itself (and returning undefined) when the
 * request carries no token, or one that is not valid for that session.
 */
export async function requesterOf(
  req: Request,
  res: Response,
  sessionId: string,
  deps: SessionAuthDeps,
  missing = 'send the admin token or a session token',
): Promise<Requester | undefined> {
  const token = bearer(req);
  if (isAdminToken(token, deps.adminToken)) return { role: 'admin', invite: false };
  if (!token) {
    sendError(res, { code: 'unauthenticated', message: missing });
    return undefined;
  }
  const access = await deps.access.check(token, sessionId);
  if (!access.ok) {
    sendError(res, access.error);
    return undefined;
  }
  return access.kind === 'member'
    ? { role: access.member.role, invite: false, memberId: access.member.id }
    : { role: access.role, invite: true };
}

/**
 * True for the admin and the session's facilitators (with `members: true`, a facilitator's invite is not
 * enough: a joined facilitator's resume token is required); answers the refusal otherwise.
 */
export async function isFacilitatorRequest(
  req: Request,
  res: Response,
  sessionId: string,
  deps: SessionAuthDeps,
  messages: { missing: string; forbidden: string; members?: boolean },
): Promise<boolean> {
  const requester = await requesterOf(req, res, sessionId, deps, messages.missing);
  if (!requester) return false;
  if (requester.role === 'admin') return true;
  if (requester.role !== 'facilitator' || (messages.members && requester.invite)) {
    sendError(res, { code: 'forbidden', message: messages.forbidden });
    return false;
  }
  return true;
}
