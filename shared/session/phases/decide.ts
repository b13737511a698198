import { accept, refuse, FACILITATION } from '../decision.js';
import type { CommandSpecs, Decision } from '../decision.js';
import { newEvent } from '../events.js';
import type { NewEvent } from '../events.js';
import type { CommandOf } from '../commands.js';
import { PLENARY_ID } from '../types.js';
import type { Group, SessionState } from '../types.js';
import { checkSeenPhases } from './expectations.js';
import { projectorGroup } from './projector.js';
import { LIMITS } from '../schemas.js';

type Target = CommandOf<'phase.goto'>['to'];

/** Where `to` takes one group: a phase index, `null` to finish the agenda, or a refusal. */
function targetIndex(state: SessionState, group: Group, to: Target): number | null | Decision {
  const current = group.phase ? state.agenda.findIndex((p) => p.id === group.phase?.phaseId) : -1;
  const last = state.agenda.length - 1;
  if (typeof to === 'object') {
    const index = state.agenda.findIndex((p) => p.id === to.phaseId);
    if (index < 0) return refuse('not_found', `no phase ${to.phaseId} in the agenda`);
    return index;
  }
  switch (to) {
    case 'first':
      return 0;
    case 'next':
      if (current >= last) return refuse('invalid_state', `group "${group.name}" is at the last phase`);
      if (current < 0 && group.phaseRuns.length > 0) {
        return refuse('invalid_state', `group "${group.name}" has finished the agenda`);
      }
      return current + 1;
    case 'previous':
      if (current <= 0) return refuse('invalid_state', `group "${group.name}" has no previous phase`);
      return current - 1;
    case 'finish':
      if (current < 0) return refuse('invalid_state', `group "${group.name}" is not in a phase`);
      return null;
  }
}

/**
 * A group that opens while the session runs (created, or filled by a draw) joins the phase its members come
 * from — the plenary's unless `sourceId` names another group — as it runs there (same planned end, or now
 * if that has passed: a group that joins late is not blamed for the overrun), rather than waiting outside the
 * agenda, where "next phase for all groups" would send it to the first phase.
 * Null when the session is not live, the group already has a phase or finished the agenda, or the source is
 * in no phase.
 */
export function joinRunningPhase(
  state: SessionState,
  group: Pick<Group, 'id' | 'phase' | 'phaseRuns'>,
  now: number,
  sourceId: string = PLENARY_ID,
): NewEvent | null {
  if (state.status !== 'live' || group.phase || group.phaseRuns.length > 0) return null;
  const source = state.groups[sourceId]?.phase ?? state.groups[PLENARY_ID]?.phase;
  if (!source) return null;
  return newEvent('phase.started', {
    groupId: group.id,
    phaseId: source.phaseId,
    startedAt: now,
    plannedEndAt: Math.max(now, source.plannedEndAt),
  });
}

/** Whether moving `group` to the phase at `index` goes back: to an earlier phase, or out of a finished agenda. */
function goesBack(state: SessionState, group: Group, index: number): boolean {
  if (!group.phase) return group.phaseRuns.length > 0;
  return index < state.agenda.findIndex((p) => p.id === group.phase?.phaseId);
}

export const phaseCommands: CommandSpecs<'phase.goto'> = {
  'phase.goto': {
    issuers: FACILITATION,
    decide(state, cmd, ctx) {
      const groupIds =
        cmd.groupId === 'all'
          ? state.groupOrder.filter((id) => state.groups[id]?.status === 'open')
          : [cmd.groupId];
      const groups: Group[] = [];
      for (const groupId of groupIds) {
        const group = state.groups[groupId];
        if (!group) return refuse('not_found', `no group ${groupId}`);
        if (group.status === 'closed') return refuse('invalid_state', `group "${group.name}" is closed`);
        groups.push(group);
      }
      // "Next" and "previous" mean one step from what the sender saw: without it, two clicks make two steps.
      const relative = cmd.to === 'next' || cmd.to === 'previous';
      if (relative && cmd.from === undefined) {
        return refuse('bad_request', `phase.goto to "${String(cmd.to)}" must carry from: the phase you saw`);
      }
      if (cmd.from !== undefined) {
        const stale = checkSeenPhases(state, groups, cmd.from);
        if (stale) return stale;
      }
      const events: NewEvent[] = [];
      const sentBack: string[] = [];
      // Moving the first phase is what opens a scheduled session: one step for the facilitator.
      if (state.status === 'scheduled') events.push(newEvent('session.started', {}));
      for (const group of groups) {
        const index = targetIndex(state, group, cmd.to);
        if (typeof index === 'object' && index !== null) return index;
        if (index === null) {
          events.push(newEvent('phase.ended', { groupId: group.id }));
          continue;
        }
        const phase = state.agenda[index]!;
        // An absolute move to where a group already is changes nothing: a second click is a no-op.
        if (!relative && group.phase?.phaseId === phase.id) continue;
        if (!relative && goesBack(state, group, index)) sentBack.push(group.name);
        events.push(
          newEvent('phase.started', {
            groupId: group.id,
            phaseId: phase.id,
            startedAt: ctx.now,
            plannedEndAt: ctx.now + phase.durationSec * 1000,
          }),
        );
      }
      if (sentBack.length > 0 && cmd.back !== true) {
        return refuse(
          'conflict',
          `this would send ${sentBack.map((n) => `"${n}"`).join(', ')} back to an earlier phase; ` +
            'nothing was moved (send back: true to confirm)',
        );
      }
      return accept(...events);
    },
  },
};

export const groupCommands: CommandSpecs<
  'group.create' | 'group.rename' | 'group.close' | 'projector.follow'
> = {
  'group.create': {
    issuers: FACILITATION,
    decide(state, cmd, ctx) {
      const open = state.groupOrder.filter((id) => state.groups[id]?.status === 'open').length;
      if (open >= LIMITS.groupsMax)
        return refuse('limit_exceeded', `at most ${LIMITS.groupsMax} open groups`);
      const groupId = cmd.groupId ?? ctx.newId('g');
      if (state.groups[groupId]) return refuse('conflict', `group ${groupId} already exists`);
      const fresh = { id: groupId, phase: null, phaseRuns: [] };
      const phase = joinRunningPhase(state, fresh, ctx.now);
      return accept(newEvent('group.created', { groupId, name: cmd.name }), ...(phase ? [phase] : []));
    },
  },
  'group.rename': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const group = state.groups[cmd.groupId];
      if (!group) return refuse('not_found', `no group ${cmd.groupId}`);
      if (group.status === 'closed') return refuse('invalid_state', `group "${group.name}" is closed`);
      return accept(newEvent('group.renamed', { groupId: cmd.groupId, name: cmd.name }));
    },
  },
  'group.close': {
    issuers: FACILITATION,
    decide(state, cmd) {
      if (cmd.groupId === PLENARY_ID) return refuse('invalid_state', 'the plenary cannot be closed');
      const group = state.groups[cmd.groupId];
      if (!group) return refuse('not_found', `no group ${cmd.groupId}`);
      if (group.status === 'closed')
        return refuse('invalid_state', `group "${group.name}" is already closed`);
      // Everyone in a closed group goes back to the plenary, so nobody is left in a dead room.
      const moves: NewEvent[] = Object.values(state.members)
        .filter((m) => m.groupId === cmd.groupId && !m.removed)
        .map((m) => newEvent('member.moved', { memberId: m.id, groupId: PLENARY_ID }));
      return accept(...moves, newEvent('group.closed', { groupId: cmd.groupId }));
    },
  },
  'projector.follow': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const group = state.groups[cmd.groupId];
      if (!group) return refuse('not_found', `no group ${cmd.groupId}`);
      if (group.status === 'closed') return refuse('invalid_state', `group "${group.name}" is closed`);
      if (projectorGroup(state) === cmd.groupId)
        return refuse('invalid_state', `the projector already follows "${group.name}"`);
      return accept(newEvent('projector.followed', { groupId: cmd.groupId }));
    },
  },
};

/** Commands of groups and phases. */
export const phaseAndGroupCommands = { ...phaseCommands, ...groupCommands };
