import type { PalabreError } from '../../shared/errors.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import type { Member, Role, SessionState } from '../../shared/session/types.js';
import type { Clock } from './clock.js';
import type { SessionService } from './sessionService.js';
import type { TokenService } from './tokens.js';

export interface Invite {
  role: Role;
  groupId: string | undefined;
  token: string;
  expiresAt: number;
}

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

  invite(sessionId: string, role: Role, groupId?: string, ttlMs = this.ttl.inviteMs): Invite {
    const token = this.tokens.issue(
      { k: 'invite', s: sessionId, r: role, ...(groupId ? { g: groupId } : {}) },
      ttlMs,
    );
    return { role, groupId, token, expiresAt: this.clock.now() + ttlMs };
  }

  resume(sessionId: string, memberId: string): { token: string; expiresAt: number } {
    const token = this.tokens.issue({ k: 'resume', s: sessionId, m: memberId }, this.ttl.resumeMs);
    return { token, expiresAt: this.clock.now() + this.ttl.resumeMs };
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
