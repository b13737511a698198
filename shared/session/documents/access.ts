import type { PalabreError } from '../../errors.js';
import type { EditingMode, GroupDocument } from './types.js';
import type { Member } from '../members/types.js';
import type { SessionState } from '../types.js';
import { PLENARY_ID } from '../phases/types.js';

/**
 * Who may read and write a group's recommendations document. Pure: the document server asks on every
 * update, with the session state it keeps current, so a phase change or a move takes effect at once.
 *
 * - Read: facilitators read every group; everyone reads the plenary and their own group; other groups only
 *   when the session setting `crossGroupReading` is on.
 * - Write: participants of that group and facilitators (in any group: they moderate and may fix a draft),
 *   while editing is open there. Observers never write.
 * - Editing is open when the session is live, the group is open, and either a facilitator opened it
 *   (`editing.set` mode `open`) or the mode is `phase` and the group's current phase has capability
 *   `editing`. Mode `locked` closes it whatever the phase. A mode stays until a facilitator changes it.
 */
export type AccessCheck = { ok: true } | { ok: false; error: PalabreError };

const OK: AccessCheck = { ok: true };
const no = (code: PalabreError['code'], message: string): AccessCheck => ({
  ok: false,
  error: { code, message },
});

export function documentOf(state: SessionState, groupId: string): GroupDocument {
  return state.documents?.[groupId] ?? { editing: 'phase', versions: [] };
}

export function editingMode(state: SessionState, groupId: string): EditingMode {
  return documentOf(state, groupId).editing;
}

/** Whether editing is open in a group right now, whoever asks. */
export function editingOpen(state: SessionState, groupId: string): boolean {
  const group = state.groups[groupId];
  if (!group || group.status !== 'open' || state.status !== 'live') return false;
  const mode = editingMode(state, groupId);
  if (mode !== 'phase') return mode === 'open';
  const phaseId = group.phase?.phaseId;
  if (!phaseId) return false;
  return state.agenda.find((p) => p.id === phaseId)?.capabilities.editing === true;
}

export function mayReadDocument(state: SessionState, member: Member, groupId: string): AccessCheck {
  if (member.removed) return no('not_member', 'you were removed from this session');
  if (!state.groups[groupId]) return no('not_found', `no group ${groupId}`);
  if (member.role === 'facilitator' || groupId === PLENARY_ID || member.groupId === groupId) return OK;
  if (state.settings.crossGroupReading) return OK;
  return no('forbidden', 'this session does not let members read other groups');
}

export function mayWriteDocument(state: SessionState, member: Member, groupId: string): AccessCheck {
  const read = mayReadDocument(state, member, groupId);
  if (!read.ok) return read;
  if (member.role === 'observer') return no('forbidden', 'observers are read-only');
  if (member.role === 'participant' && member.groupId !== groupId) {
    return no('forbidden', 'participants edit only their own group');
  }
  if (state.status === 'ended') return no('session_ended', 'this session has ended; it is read-only');
  if (!editingOpen(state, groupId)) return no('wrong_phase', 'editing is not open in this group now');
  return OK;
}
