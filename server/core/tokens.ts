import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { roleSchema } from '../../shared/session/members/schemas.js';
import type { PalabreError } from '../../shared/errors.js';
import type { Clock } from './clock.js';

/**
 * Signed, expiring tokens: base64url(JSON claims) + "." + base64url(HMAC-SHA256(secret, claims)).
 * Invites let someone join a session in a role; resume tokens bring back the same member after a reconnect.
 */
const inviteClaims = z.object({
  k: z.literal('invite'),
  s: z.string(),
  r: roleSchema,
  g: z.string().optional(),
  /** The invite's id, to revoke it (invites issued before revocation existed have none). */
  i: z.string().optional(),
  exp: z.number(),
});
const resumeClaims = z.object({ k: z.literal('resume'), s: z.string(), m: z.string(), exp: z.number() });
const claimsSchema = z.discriminatedUnion('k', [inviteClaims, resumeClaims]);

export type InviteClaims = z.infer<typeof inviteClaims>;
export type ResumeClaims = z.infer<typeof resumeClaims>;
export type TokenClaims = z.infer<typeof claimsSchema>;

export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly clock: Clock,
  ) {
    if (secret.length < 16) throw new Error('SECRET must be at least 16 characters');
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  issue(claims: Omit<InviteClaims, 'exp'> | Omit<ResumeClaims, 'exp'>, ttlMs: number): string {
    const body = Buffer.from(JSON.stringify({ ...claims, exp: this.clock.now() + ttlMs })).toString(
      'base64url',
    );
    return `${body}.${this.sign(body)}`;
  }

  verify(token: unknown): { ok: true; claims: TokenClaims } | { ok: false; error: PalabreError } {
    const invalid = {
      ok: false as const,
      error: { code: 'unauthenticated' as const, message: 'invalid token' },
    };
    if (typeof token !== 'string' || token.length > 2048) return invalid;
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return invalid;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return invalid;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return invalid;
    }
    const claims = claimsSchema.safeParse(parsed);
    if (!claims.success) return invalid;
    if (claims.data.exp <= this.clock.now()) {
      return {
        ok: false,
        error: { code: 'token_expired', message: 'this token has expired; ask for a new link' },
      };
    }
    return { ok: true, claims: claims.data };
  }
}
