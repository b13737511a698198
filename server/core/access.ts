import { randomBytes } from 'node:crypto';
import type { PalabreError } from '../../shared/errors.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import type { Member, Role, SessionState } from '../../shared/session/types.js';
import type { Clock } from './clock.js';
import type { SessionService } from './sessionService.js';
import type { TokenService } from './tokens.js';

export interface Invite {
  /** Names the invite in `invite.revoke`. */
  id: string;
  role: Role;
  groupId: string | undefined;
  token: string;
  expiresAt: number;
  /** The organiser's label, when they gave one. */
  label?: string | undefined;
}

/** What a client presents to enter a session: a resume token, or an invite with a name (and attributes). */
export type Credentials =
  { resume: string } | { token: string; name: string; attributes?: Record<string, string> | undefined };

export type Entry = { ok: true; state: SessionState; member: Member } | { ok: false; error: PalabreError };

export type Access =
  | { ok: true; kind: 'member'; state: SessionState; member: Member }
  | { ok: true; kind: 'invite'; state: SessionState; role: Role; groupId: string | undefined }
  | { ok: false; error: PalabreError };

/**
 * Turns tokens into access to a session: used by the socket handshake, the document endpoint and the
 * HTTP API alike, so that every edge applies the same rules.
 */
export class AccessService {
  constructor(
    private readonly sessions: SessionService,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    private readonly ttl: { inviteMs: number; resumeMs: number },
  ) {}

  /**
   * Mints an invite token without recording it (tests and benchmarks); the API goes through `issue`, which
   * records it so that it can be listed and revoked.
   */
  invite(sessionId: string, role: Role, groupId?: string, ttlMs = this.ttl.inviteMs): Invite {
    const id = `i${randomBytes(9).toString('base64url')}`;
    const token = this.tokens.issue(
      { k: 'invite', s: sessionId, r: role, ...(groupId ? { g: groupId } : {}), i: id },
      ttlMs,
    );
    return { id, role, groupId, token, expiresAt: this.clock.now() + ttlMs };
  }

  /**
   * Mints an invite and records it in the session's log (`invite.issue`: its id, role, group, expiry and
   * label, never its token), so that it can be listed and revoked later. Nothing is handed out when the
   * record is refused (an unknown session or group, a store down).
   */
  async issue(
    sessionId: string,
    options: {
      role: Role;
      groupId?: string | undefined;
      ttlMs?: number | undefined;
      label?: string | undefined;
      /** `admin`, the asking facilitator's member id, or `facilitator` (their invite, not joined). */
      issuedBy: string;
    },
  ): Promise<{ ok: true; invite: Invite } | { ok: false; error: PalabreError }> {
    const invite = this.invite(sessionId, options.role, options.groupId, options.ttlMs ?? this.ttl.inviteMs);
    const recorded = await this.sessions.execute(
      sessionId,
      {
        type: 'invite.issue',
        inviteId: invite.id,
        role: invite.role,
        ...(invite.groupId !== undefined ? { groupId: invite.groupId } : {}),
        expiresAt: invite.expiresAt,
        ...(options.label !== undefined ? { label: options.label } : {}),
        issuedBy: options.issuedBy,
      },
      { kind: 'system' },
    );
    if (!recorded.ok) return recorded;
    return { ok: true, invite: options.label !== undefined ? { ...invite, label: options.label } : invite };
  }

  resume(sessionId: string, memberId: string): { token: string; expiresAt: number } {
    const token = this.tokens.issue({ k: 'resume', s: sessionId, m: memberId }, this.ttl.resumeMs);
    return { token, expiresAt: this.clock.now() + this.ttl.resumeMs };
  }

  /**
   * Lets someone into a session: with a resume token, as the member it names; with an invite, as a new
   * member who joins now (`member.join`, decided like any command: role, group, join attributes, limits).
   * Errors: the token's (`unauthenticated`, `token_expired`, `not_member`…) or the join's refusal.
   */
  async enter(credentials: Credentials): Promise<Entry> {
    const token = 'resume' in credentials ? credentials.resume : credentials.token;
    const checked = await this.check(token);
    if (!checked.ok) return checked;
    let memberId: string;
    if (checked.kind === 'member') memberId = checked.member.id;
    else {
      if ('resume' in credentials) {
        return { ok: false, error: { code: 'unauthenticated', message: 'not a resume token' } };
      }
      const joined = await this.sessions.execute(
        checked.state.id,
        {
          type: 'member.join',
          name: credentials.name,
          role: checked.role,
          groupId: checked.groupId,
          attributes: credentials.attributes,
        },
        { kind: 'system' },
      );
      if (!joined.ok) return joined;
      const event = joined.events.find((e) => e.type === 'member.joined');
      if (event?.type !== 'member.joined') {
        return { ok: false, error: { code: 'internal', message: 'the join recorded no member' } };
      }
      memberId = event.data.memberId;
    }
    const state = await this.sessions.get(checked.state.id);
    const member = state?.members[memberId];
    if (!state || !member)
      return { ok: false, error: { code: 'not_found', message: 'the session vanished' } };
    return { ok: true, state, member };
  }

  /** Checks a token (invite or resume) against the current session. */
  async check(token: unknown, sessionId?: string): Promise<Access> {
    const verified = this.tokens.verify(token);
    if (!verified.ok) return verified;
    const claims = verified.claims;
    if (sessionId !== undefined && claims.s !== sessionId) {
      return { ok: false, error: { code: 'forbidden', message: 'this token is for another session' } };
    }
    const state = await this.sessions.get(claims.s);
    if (!state) return { ok: false, error: { code: 'not_found', message: 'this session does not exist' } };
    if (claims.k === 'invite') {
      if (claims.i !== undefined && state.revokedInvites?.includes(claims.i)) {
        return {
          ok: false,
          error: { code: 'token_revoked', message: 'this invitation was revoked; ask for a new link' },
        };
      }
      return { ok: true, kind: 'invite', state, role: claims.r, groupId: claims.g ?? PLENARY_ID };
    }
    const member = state.members[claims.m];
    if (!member) return { ok: false, error: { code: 'not_member', message: 'unknown member' } };
    if (member.removed) {
      return { ok: false, error: { code: 'not_member', message: 'you were removed from this session' } };
    }
    return { ok: true, kind: 'member', state, member };
  }
}
