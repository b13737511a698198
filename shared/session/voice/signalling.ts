import type { PalabreError } from '../../errors.js';
import type { SignalKind } from '../../voiceProtocol.js';
import type { SessionState } from '../types.js';
import { mayBeHeard } from './audible.js';

export type SignalCheck = { ok: true } | { ok: false; error: PalabreError };

const OK: SignalCheck = { ok: true };
const no = (code: PalabreError['code'], message: string): SignalCheck => ({
  ok: false,
  error: { code, message },
});

/**
 * Whether the server relays a signalling message of kind `kind` from member `from` to member `to` (embedded
 * mode). Pure, on the session state the server keeps current. The media a connection can carry goes from
 * its offerer (who must be allowed to be heard) to its answerer, so:
 * - both are present members of the session, in the same group (`forbidden` otherwise), and not the same;
 * - `offer`: the sender may be heard now (`forbidden`: out of turn);
 * - `ready`, `answer`: the recipient may be heard now (a listener only ever asks a speaker, or answers one);
 * - `candidate`: one of the two may be heard now;
 * - `bye`: always (hanging up is never refused, even across groups after a move).
 */
export function checkSignal(state: SessionState, from: string, to: string, kind: SignalKind): SignalCheck {
  const sender = state.members[from];
  if (!sender || sender.removed) return no('not_member', 'you are not a member of this session');
  if (state.status === 'ended') return no('session_ended', 'this session has ended');
  const recipient = state.members[to];
  if (!recipient || recipient.removed) return no('not_found', `no member ${to}`);
  if (to === from) return no('bad_request', 'a connection joins two members');
  if (kind === 'bye') return OK;
  if (recipient.groupId !== sender.groupId)
    return no('forbidden', 'you hear and are heard in your own group only');
  if (kind === 'offer' && !mayBeHeard(state, from)) {
    return no('forbidden', 'you may not be heard now: the floor is not yours');
  }
  if ((kind === 'answer' || kind === 'ready') && !mayBeHeard(state, to)) {
    return no('forbidden', `${recipient.name} may not be heard now`);
  }
  if (kind === 'candidate' && !mayBeHeard(state, from) && !mayBeHeard(state, to)) {
    return no('forbidden', 'neither end of this connection may be heard now');
  }
  return OK;
}
