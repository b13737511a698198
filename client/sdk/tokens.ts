import type { Role } from '../../shared/session/types.js';

/** What a client can read from a token without the server's secret (nothing here is trusted). */
export type TokenPeek =
  | { kind: 'invite'; sessionId: string; role: Role; groupId?: string; expiresAt: number }
  | { kind: 'resume'; sessionId: string; memberId: string; expiresAt: number };

function decodeBase64Url(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * Reads the claims of an invite or resume token, e.g. to say "you are invited as an observer" before
 * joining. Only the server can tell whether a token is genuine: a forged token peeks fine and is refused
 * when connecting. Returns null for anything that is not shaped like a Palabre token.
 */
export function peekToken(token: string): TokenPeek | null {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  try {
    const claims: unknown = JSON.parse(decodeBase64Url(body));
    if (typeof claims !== 'object' || claims === null) return null;
    const c = claims as Record<string, unknown>;
    if (typeof c.s !== 'string' || typeof c.exp !== 'number') return null;
    if (c.k === 'invite' && (c.r === 'facilitator' || c.r === 'participant' || c.r === 'observer')) {
      return {
        kind: 'invite',
        sessionId: c.s,
        role: c.r,
        ...(typeof c.g === 'string' ? { groupId: c.g } : {}),
        expiresAt: c.exp,
      };
    }
    if (c.k === 'resume' && typeof c.m === 'string') {
      return { kind: 'resume', sessionId: c.s, memberId: c.m, expiresAt: c.exp };
    }
    return null;
  } catch {
    return null;
  }
}
