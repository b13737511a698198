import type { PalabreError } from '../errors.js';
import type { EventOf, SessionEvent } from './events.js';
import type { EditingMode, GroupDocument, Member, SessionState } from './types.js';
import { PLENARY_ID } from './types.js';

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

function withDocument(s: SessionState, groupId: string, patch: (d: GroupDocument) => GroupDocument) {
  return { ...s, documents: { ...s.documents, [groupId]: patch(documentOf(s, groupId)) } };
}

/** Evolvers of the documents family, spread into the table in evolve.ts. */
export const documentEvolvers = {
  'editing.set': (s: SessionState, e: EventOf<'editing.set'>): SessionState =>
    withDocument(s, e.data.groupId, (d) => ({ ...d, editing: e.data.mode })),
  'document.versioned': (s: SessionState, e: EventOf<'document.versioned'>): SessionState => {
    const { versionId, phaseId, at, bytes, recommendations, trigger } = e.data;
    return withDocument(s, e.data.groupId, (d) => ({
      ...d,
      versions: [...d.versions, { versionId, phaseId, at, bytes, recommendations, trigger }],
    }));
  },
};

/** A stretch of editing that an event closed: the server records the group's document for it. */
export interface ClosedStretch {
  groupId: string;
  phaseId: string | null;
  /** Version of the closing event: at most one version is recorded per closing, whoever records it. */
  trigger: number;
}

/**
 * The editing stretches that `events` closed, judged on `state` (the state after them): a group leaves a
 * phase with capability `editing` (phase.started for another one, phase.ended, group.closed,
 * session.ended), or a group a facilitator opened (`open`) closes or the session ends. A `locked` group
 * records nothing.
 */
export function closedStretches(state: SessionState, events: readonly SessionEvent[]): ClosedStretch[] {
  const out: ClosedStretch[] = [];
  // `final`: the group stops for good (closed, or the session ended), so an `open` group closes too.
  const close = (groupId: string, at: number, trigger: number, final: boolean) => {
    const group = state.groups[groupId];
    if (!group) return;
    const mode = editingMode(state, groupId);
    if (mode === 'locked') return;
    const run = [...group.phaseRuns].reverse().find((r) => r.endedAt === at);
    const phaseEditing =
      run !== undefined && state.agenda.find((p) => p.id === run.phaseId)?.capabilities.editing === true;
    // In mode `open` a phase change does not close editing: it goes on in the next phase.
    const closes = mode === 'open' ? final : phaseEditing;
    if (closes) out.push({ groupId, phaseId: run?.phaseId ?? null, trigger });
  };
  for (const e of events) {
    if (e.type === 'phase.started') close(e.data.groupId, e.data.startedAt, e.v, false);
    else if (e.type === 'phase.ended') close(e.data.groupId, e.at, e.v, false);
    else if (e.type === 'group.closed') close(e.data.groupId, e.at, e.v, true);
    else if (e.type === 'session.ended') {
      for (const groupId of state.groupOrder) {
        if (state.groups[groupId]?.status === 'open') close(groupId, e.at, e.v, true);
      }
    }
  }
  return out;
}
