import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { LIMITS, idSchema, nameSchema } from '../../../shared/session/schemas.js';
import { agendaInputSchema } from '../../../shared/session/phases/schemas.js';
import { roleSchema } from '../../../shared/session/members/schemas.js';
import { joinAttributesSchema, timeZoneSchema } from '../../../shared/session/members/schemas.js';
import { speakingSettingsShape } from '../../../shared/session/floor/schemas.js';
import { AGENDA_TEMPLATES, TEMPLATE_NAMES } from '../../../shared/session/phases/templates.js';
import { project } from '../../../shared/session/project.js';
import { inviteLabelSchema } from '../../../shared/session/invites/schemas.js';
import { ROLES, SESSION_STATUSES } from '../../../shared/session/types.js';
import type { IssuedInvite } from '../../../shared/session/types.js';
import type { AccessService, Invite } from '../../core/access.js';
import type { Clock } from '../../core/clock.js';
import type { SessionService } from '../../core/sessionService.js';
import { bearer, isAdminToken, requesterOf } from './auth.js';
import { sendError, zodMessage } from './errors.js';

export interface SessionRoutesDeps {
  sessions: SessionService;
  access: AccessService;
  adminToken: string;
  publicUrl: string | undefined;
  /** The server's time, for an invite's status (expired or not); the system clock by default. */
  clock?: Clock | undefined;
}

export const createSessionBody = z
  .object({
    title: z.string().trim().min(1).max(LIMITS.titleMax),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a locale looks like fr or fr-FR')
      .default('fr'),
    template: z.enum(TEMPLATE_NAMES).optional(),
    agenda: agendaInputSchema.optional(),
    groups: z
      .array(z.object({ name: nameSchema }).strict())
      .max(LIMITS.groupsMax)
      .optional(),
    settings: z
      .object({
        crossGroupReading: z.boolean(),
        maxMembers: z.number().int().min(1).max(10_000),
        joinAttributes: joinAttributesSchema,
        timeZone: timeZoneSchema,
        ...speakingSettingsShape,
      })
      .partial()
      .strict()
      .optional(),
    inviteTtlHours: z
      .number()
      .positive()
      .max(24 * 365)
      .optional(),
  })
  .strict()
  .refine((b) => !(b.template && b.agenda), 'give either a template or an agenda, not both');

/** `GET /api/sessions?limit=50&status=live&cursor=…`: one page, newest first; `next` is the following page's cursor. */
export const listSessionsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    status: z.enum(SESSION_STATUSES).optional(),
    cursor: z
      .string()
      .regex(/^\d{1,15}:[A-Za-z0-9_-]{1,64}$/, 'a cursor is the `next` of the previous page')
      .optional(),
  })
  .strict();

/** Body of `POST /api/sessions/:id/invites/revoke`: the `id` given with the invite. */
export const revokeInviteBody = z.object({ inviteId: idSchema }).strict();

export const inviteBody = z
  .object({
    role: roleSchema,
    groupId: idSchema.optional(),
    /** Shown beside the link on the organiser's page (e.g. "Table 3, participants"). */
    label: inviteLabelSchema.optional(),
    ttlHours: z
      .number()
      .positive()
      .max(24 * 365)
      .optional(),
  })
  .strict();

/** An issued invite as `GET /api/sessions/:id/invites` lists it: dates as ISO strings, its status at `now`. */
export function issuedInviteView(invite: IssuedInvite, now: number) {
  return {
    id: invite.id,
    role: invite.role,
    ...(invite.groupId !== undefined ? { groupId: invite.groupId } : {}),
    ...(invite.label !== undefined ? { label: invite.label } : {}),
    issuedAt: new Date(invite.issuedAt).toISOString(),
    issuedBy: invite.issuedBy,
    expiresAt: new Date(invite.expiresAt).toISOString(),
    status: invite.revoked ? 'revoked' : invite.expiresAt <= now ? 'expired' : 'active',
    ...(invite.revoked
      ? { revokedAt: new Date(invite.revoked.at).toISOString(), revokedBy: invite.revoked.by }
      : {}),
  } as const;
}

function parse<T>(schema: z.ZodType<T>, body: unknown, res: Response): T | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  sendError(res, { code: 'bad_request', message: zodMessage(parsed.error) });
  return undefined;
}

export function sessionRoutes(deps: SessionRoutesDeps): Router {
  const router = Router();
  const baseUrl = (req: Request) => deps.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  const link = (req: Request, invite: Invite) => ({
    id: invite.id,
    token: invite.token,
    url: `${baseUrl(req)}/join#${invite.token}`,
    expiresAt: new Date(invite.expiresAt).toISOString(),
    ...(invite.groupId ? { groupId: invite.groupId } : {}),
    ...(invite.label !== undefined ? { label: invite.label } : {}),
  });
  const requireAdmin = (req: Request, res: Response): boolean => {
    if (isAdminToken(bearer(req), deps.adminToken)) return true;
    sendError(res, {
      code: 'unauthenticated',
      message: 'this needs the admin token (Authorization: Bearer …)',
    });
    return false;
  };

  router.get('/templates', (_req, res) => {
    res.json({ ok: true, templates: AGENDA_TEMPLATES });
  });

  router.post('/sessions', async (req, res) => {
    if (!requireAdmin(req, res)) return;
    const body = parse(createSessionBody, req.body, res);
    if (!body) return;
    const created = await deps.sessions.create(body);
    const ttlMs = body.inviteTtlHours ? body.inviteTtlHours * 3600_000 : undefined;
    const invites: Record<string, ReturnType<typeof link>> = {};
    for (const role of ROLES) {
      const issued = await deps.access.issue(created.id, { role, ttlMs, issuedBy: 'admin' });
      if (!issued.ok) return sendError(res, issued.error);
      invites[role] = link(req, issued.invite);
    }
    // The session as created, with its recorded invites.
    const state = (await deps.sessions.get(created.id)) ?? created;
    res.status(201).json({ ok: true, session: state, invites });
  });

  router.get('/sessions', async (req, res) => {
    if (!requireAdmin(req, res)) return;
    const query = parse(listSessionsQuery, req.query, res);
    if (!query) return;
    const page = await deps.sessions.page(query);
    res.json({ ok: true, sessions: page.sessions, next: page.next });
  });

  router.get('/sessions/:id', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) return sendError(res, { code: 'not_found', message: 'no such session' });
    const requester = await requesterOf(req, res, id.data, deps);
    if (!requester) return;
    const state = await deps.sessions.get(id.data);
    if (!state) return sendError(res, { code: 'not_found', message: 'no such session' });
    const { role, memberId } = requester;
    const audience = role === 'admin' || role === 'facilitator' ? 'facilitators' : 'public';
    // A member reads what their socket would: their group's chat (an observer the plenary's) and their own
    // private messages to the facilitators (see chat/project.ts).
    res.json({ ok: true, session: project(state, audience, memberId) });
  });

  router.post('/sessions/:id/invites', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) return sendError(res, { code: 'not_found', message: 'no such session' });
    const requester = await requesterOf(req, res, id.data, deps);
    if (!requester) return;
    const { role } = requester;
    if (role !== 'admin' && role !== 'facilitator') {
      return sendError(res, { code: 'forbidden', message: 'only facilitators can create invites' });
    }
    const body = parse(inviteBody, req.body, res);
    if (!body) return;
    const state = await deps.sessions.get(id.data);
    if (!state) return sendError(res, { code: 'not_found', message: 'no such session' });
    if (body.groupId && state.groups[body.groupId]?.status !== 'open') {
      return sendError(res, { code: 'not_found', message: `no open group ${body.groupId}` });
    }
    const issued = await deps.access.issue(id.data, {
      role: body.role,
      groupId: body.groupId,
      ttlMs: body.ttlHours ? body.ttlHours * 3600_000 : undefined,
      label: body.label,
      issuedBy: role === 'admin' ? 'admin' : (requester.memberId ?? 'facilitator'),
    });
    if (!issued.ok) return sendError(res, issued.error);
    res.status(201).json({ ok: true, invite: link(req, issued.invite) });
  });

  /**
   * `GET /api/sessions/:id/invites` (admin): the invite links the server issued for the session
   * (`invite.issued`), oldest first, each with its status — never a token. Sessions older than this record
   * list none.
   */
  router.get('/sessions/:id/invites', async (req, res) => {
    if (!requireAdmin(req, res)) return;
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) return sendError(res, { code: 'not_found', message: 'no such session' });
    const state = await deps.sessions.get(id.data);
    if (!state) return sendError(res, { code: 'not_found', message: 'no such session' });
    const now = deps.clock?.now() ?? Date.now();
    res.json({ ok: true, invites: (state.invites ?? []).map((invite) => issuedInviteView(invite, now)) });
  });

  /** `POST /api/sessions/:id/invites/revoke {inviteId}` (admin): that link lets nobody in any more. */
  router.post('/sessions/:id/invites/revoke', async (req, res) => {
    if (!requireAdmin(req, res)) return;
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) return sendError(res, { code: 'not_found', message: 'no such session' });
    const body = parse(revokeInviteBody, req.body, res);
    if (!body) return;
    const result = await deps.sessions.execute(
      id.data,
      { type: 'invite.revoke', inviteId: body.inviteId },
      { kind: 'admin' },
    );
    if (!result.ok) return sendError(res, result.error);
    res.json({ ok: true, revoked: body.inviteId });
  });

  return router;
}
