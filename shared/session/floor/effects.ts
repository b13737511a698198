import type { Decision } from '../decision.js';
import { newEvent } from '../events.js';
import type { NewEvent, SessionEvent } from '../events.js';
import type { Group, SessionState } from '../types.js';
import { advance, queueIsOpen, endTurn } from './turns.js';
import { speakingSettings } from './types.js';

/**
 * What other commands do to the speaking queues: a phase change or a closed group ends the turn (and
 * clears the queue when the queue closes); a member who leaves a group leaves its queue and its floor; a
 * speaker whose last connection goes loses the floor when the session says so (`speakerDrop: 'end'`); the
 * end of the session ends every turn. Added to the decision so that the log tells the whole story
 * (every turn has its `turn.ended`, with the time held), rather than hidden in evolve.
 */
const TRIGGERS = new Set<string>([
  'phase.started',
  'phase.ended',
  'group.closed',
  'member.moved',
  'member.removed',
  'member.disconnected',
  'session.ended',
]);

function closing(
  group: Group,
  queueStaysOpen: boolean,
  now: number,
  reason: 'phase' | 'session',
): NewEvent[] {
  const events = endTurn(group, now, reason);
  if (!queueStaysOpen && group.queue.entries.length > 0) {
    events.push(newEvent('queue.cleared', { groupId: group.id }));
  }
  return events;
}

function leaving(state: SessionState, memberId: string, now: number): NewEvent[] {
  const member = state.members[memberId];
  const group = member ? state.groups[member.groupId] : undefined;
  if (!member || !group) return [];
  const events: NewEvent[] = [];
  if (group.queue.turn?.memberId === memberId) events.push(...endTurn(group, now, 'left'));
  if (group.queue.entries.some((e) => e.memberId === memberId)) {
    events.push(newEvent('hand.lowered', { groupId: group.id, memberId, reason: 'left' }));
  }
  return events;
}

/** The queue events that must precede `event`, given the state just before it. */
function effectsOf(
  state: SessionState,
  event: NewEvent,
  now: number,
  newId: (prefix: string) => string,
): NewEvent[] {
  switch (event.type) {
    case 'phase.started': {
      const group = state.groups[event.data.groupId];
      if (!group) return [];
      const phase = state.agenda.find((p) => p.id === event.data.phaseId);
      return closing(group, phase?.capabilities.queue === true, now, 'phase');
    }
    case 'phase.ended':
    case 'group.closed': {
      const group = state.groups[event.data.groupId];
      return group ? closing(group, false, now, 'phase') : [];
    }
    case 'member.moved': {
      const member = state.members[event.data.memberId];
      return member && member.groupId !== event.data.groupId ? leaving(state, member.id, now) : [];
    }
    case 'member.removed':
      return leaving(state, event.data.memberId, now);
    case 'member.disconnected': {
      // The speaker's last connection is gone (closed, or its process died): with `speakerDrop: 'end'` the
      // turn ends now; with `keep` it runs on and a member who comes back finds their place.
      if (speakingSettings(state.settings).speakerDrop !== 'end') return [];
      const member = state.members[event.data.memberId];
      const group = member ? state.groups[member.groupId] : undefined;
      if (group?.queue.turn?.memberId !== event.data.memberId) return [];
      // As when a turn expires: with auto-advance the next in line gets the floor.
      return [...endTurn(group, now, 'dropped'), ...advance(state, group, now, newId)];
    }
    case 'session.ended':
      return state.groupOrder.flatMap((id) => {
        const group = state.groups[id];
        return group ? closing(group, queueIsOpen(state, group), now, 'session') : [];
      });
    default:
      return [];
  }
}

/** Adds the queue effects to a decision. `apply` evolves a scratch state through the batch as it goes. */
export function withQueueEffects(
  state: SessionState,
  decision: Decision,
  ctx: { now: number; newId: (prefix: string) => string },
  apply: (state: SessionState, event: SessionEvent) => SessionState,
): Decision {
  const { now, newId } = ctx;
  if (!decision.ok || !decision.events.some((e) => TRIGGERS.has(e.type))) return decision;
  const events: NewEvent[] = [];
  let scratch = state;
  for (const event of decision.events) {
    for (const e of [...effectsOf(scratch, event, now, newId), event]) {
      events.push(e);
      const v = scratch.version + 1;
      scratch = apply(scratch, { ...e, v, at: now, actor: 'system', prev: '', hash: '' } as SessionEvent);
    }
  }
  return { ok: true, events };
}
