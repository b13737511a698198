import type { PalabreError } from '../../shared/errors.js';
import { isPalabreError } from '../../shared/errors.js';
import type { JoinAttribute } from '../../shared/session/members/joinAttributes.js';
import type { SessionState } from '../../shared/session/types.js';
import { peekToken } from './tokens.js';
import type { TokenPeek } from './tokens.js';

export type InviteCheck =
  | {
      ok: true;
      invite: TokenPeek;
      session: Pick<SessionState, 'id' | 'title' | 'status' | 'locale'> & {
        /** What the session asks participants at join (the `joinAttributes` setting; empty when unset). */
        joinAttributes: JoinAttribute[];
      };
    }
  | { ok: false; error: PalabreError };

/**
 * Asks the server whether a token (invite or resume) is valid, before joining: an expired or forged invite
 * gets its refusal here, so the page can say so before asking for a name. Uses `GET /api/sessions/:id`
 * with the token as bearer.
 */
export async function checkToken(baseUrl: string, token: string): Promise<InviteCheck> {
  const invite = peekToken(token);
  if (!invite) return { ok: false, error: { code: 'unauthenticated', message: 'not a Palabre token' } };
  try {
    const response = await fetch(`${baseUrl}/api/sessions/${encodeURIComponent(invite.sessionId)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body: unknown = await response.json();
    const b = body as { ok?: boolean; session?: SessionState; error?: unknown };
    if (b.ok && b.session) {
      const { id, title, status, locale, settings } = b.session;
      const joinAttributes = settings?.joinAttributes ?? [];
      return { ok: true, invite, session: { id, title, status, locale, joinAttributes } };
    }
    if (isPalabreError(b.error)) return { ok: false, error: b.error };
    return { ok: false, error: { code: 'internal', message: `unexpected answer (${response.status})` } };
  } catch (err) {
    return { ok: false, error: { code: 'unavailable', message: String(err) } };
  }
}
