import type { SessionEvent } from '../events.js';
import type { SessionState } from '../types.js';
import { editingMode } from './access.js';

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
