import { accept, refuse } from '../decision.js';
import type { CommandSpecs, Decision } from '../decision.js';
import { FACILITATION } from '../decision.js';
import { newEvent } from '../events.js';
import type { NewEvent } from '../events.js';
import type { Group, SessionState } from '../types.js';
import { findGroup, isDecision, openQueue, ownGroup } from '../queue/guards.js';
import { laneOf, queueOrder } from '../queue/order.js';
import { advance, heldMs, remainingMs } from '../queue/turns.js';

/** Places `memberId` at `index` of its lane: the new head of the lane, down to it, gets pinned. */
function moveInLane(state: SessionState, group: Group, memberId: string, index: number): Decision {
  const entry = group.queue.entries.find((e) => e.memberId === memberId);
  if (!entry) return refuse('not_found', `${memberId} is not in the queue of "${group.name}"`);
  const lane = laneOf(state, group.id, entry.kind).filter((e) => e.memberId !== memberId);
  const at = Math.max(0, Math.min(index, lane.length));
  const order = [...lane.slice(0, at).map((e) => e.memberId), memberId];
  return accept(newEvent('queue.moved', { groupId: group.id, kind: entry.kind, order }));
}

export const queueCommands: CommandSpecs<
  | 'hand.raise'
  | 'hand.lower'
  | 'queue.skip'
  | 'queue.move'
  | 'queue.remove'
  | 'queue.clear'
  | 'queue.pause'
  | 'queue.resume'
  | 'queue.policy'
  | 'queue.settings'
> = {
  'hand.raise': {
    issuers: ['participant'],
    beforeLive: false,
    decide(state, cmd, ctx) {
      const own = ownGroup(state, ctx);
      if (isDecision(own)) return own;
      const group = openQueue(state, own.group.id);
      if (isDecision(group)) return group;
      const q = group.queue;
      if (q.entries.some((e) => e.memberId === own.member.id)) {
        return refuse('conflict', 'your hand is already raised');
      }
      if (q.turn?.memberId === own.member.id) return refuse('invalid_state', 'you already have the floor');
      const kind = cmd.kind ?? 'normal';
      if (kind === 'reply' && !q.turn) return refuse('invalid_state', 'there is nobody to reply to');
      return accept(
        newEvent('hand.raised', { groupId: group.id, memberId: own.member.id, kind, seq: q.nextSeq }),
      );
    },
  },
  'hand.lower': {
    issuers: ['participant'],
    decide(state, _cmd, ctx) {
      const own = ownGroup(state, ctx);
      if (isDecision(own)) return own;
      if (!own.group.queue.entries.some((e) => e.memberId === own.member.id)) {
        return refuse('invalid_state', 'your hand is not raised');
      }
      return accept(
        newEvent('hand.lowered', { groupId: own.group.id, memberId: own.member.id, reason: 'lowered' }),
      );
    },
  },
  'queue.skip': {
    // Passes over someone who is not ready: they step back one place in their lane and keep waiting.
    issuers: FACILITATION,
    decide(state, cmd) {
      const group = findGroup(state, cmd.groupId);
      if (isDecision(group)) return group;
      const memberId = cmd.memberId ?? queueOrder(state, group.id)[0]?.memberId;
      if (!memberId) return refuse('invalid_state', `nobody is waiting in "${group.name}"`);
      const entry = group.queue.entries.find((e) => e.memberId === memberId);
      if (!entry) return refuse('not_found', `${memberId} is not in the queue of "${group.name}"`);
      const lane = laneOf(state, group.id, entry.kind);
      const index = lane.findIndex((e) => e.memberId === memberId);
      if (index === lane.length - 1) return refuse('invalid_state', 'nobody is behind them in their lane');
      return moveInLane(state, group, memberId, index + 1);
    },
  },
  'queue.move': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const group = findGroup(state, cmd.groupId);
      if (isDecision(group)) return group;
      const entry = group.queue.entries.find((e) => e.memberId === cmd.memberId);
      if (!entry) return refuse('not_found', `${cmd.memberId} is not in the queue of "${group.name}"`);
      // Positions count the whole queue; a hand stays in its lane (a reply never overtakes a point of order).
      const laneStart = queueOrder(state, group.id).findIndex((e) => e.kind === entry.kind);
      return moveInLane(state, group, cmd.memberId, cmd.position - laneStart);
    },
  },
  'queue.remove': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const group = findGroup(state, cmd.groupId);
      if (isDecision(group)) return group;
      if (!group.queue.entries.some((e) => e.memberId === cmd.memberId)) {
        return refuse('not_found', `${cmd.memberId} is not in the queue of "${group.name}"`);
      }
      return accept(
        newEvent('hand.lowered', { groupId: group.id, memberId: cmd.memberId, reason: 'removed' }),
      );
    },
  },
  'queue.clear': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const group = findGroup(state, cmd.groupId);
      if (isDecision(group)) return group;
      if (group.queue.entries.length === 0) return accept();
      return accept(newEvent('queue.cleared', { groupId: group.id }));
    },
  },
  'queue.pause': {
    issuers: FACILITATION,
    decide(state, cmd, ctx) {
      const group = findGroup(state, cmd.groupId);
      if (isDecision(group)) return group;
      if (group.queue.paused)
        return refuse('invalid_state', `the queue of "${group.name}" is already paused`);
      const turn = group.queue.turn;
      return accept(
        newEvent('queue.paused', {
          groupId: group.id,
          turn: turn
            ? { turnId: turn.turnId, remainingMs: remainingMs(turn, ctx.now), heldMs: heldMs(turn, ctx.now) }
            : null,
        }),
      );
    },
  },
  'queue.resume': {
    issuers: FACILITATION,
    decide(state, cmd, ctx) {
      const group = findGroup(state, cmd.groupId);
      if (isDecision(group)) return group;
      if (!group.queue.paused) return refuse('invalid_state', `the queue of "${group.name}" is not paused`);
      const turn = group.queue.turn;
      const resumed = newEvent('queue.resumed', {
        groupId: group.id,
        turn: turn
          ? { turnId: turn.turnId, endsAt: ctx.now + remainingMs(turn, ctx.now), runningSince: ctx.now }
          : null,
      });
      if (turn) return accept(resumed);
      // Resuming an idle queue gives the floor to whoever waits, as auto-advance would have.
      const idle = { ...group, queue: { ...group.queue, paused: false } };
      return accept(resumed, ...advance(state, idle, ctx.now, ctx.newId));
    },
  },
  'queue.policy': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const ids = cmd.groupId === 'all' ? state.groupOrder : [cmd.groupId];
      const events: NewEvent[] = [];
      for (const id of ids) {
        const group = findGroup(state, id);
        if (isDecision(group)) return group;
        if (!group.phase) {
          if (cmd.groupId === 'all') continue;
          return refuse('invalid_state', `group "${group.name}" is not in a phase`);
        }
        events.push(
          newEvent('queue.policy.set', { groupId: id, phaseId: group.phase.phaseId, policy: cmd.policy }),
        );
      }
      return accept(...events);
    },
  },
  'queue.settings': {
    issuers: FACILITATION,
    decide(state, cmd) {
      const group = findGroup(state, cmd.groupId);
      if (isDecision(group)) return group;
      return accept(
        newEvent('queue.configured', {
          groupId: group.id,
          ...(cmd.autoAdvance !== undefined ? { autoAdvance: cmd.autoAdvance } : {}),
          ...(cmd.turnSec !== undefined ? { turnSec: cmd.turnSec } : {}),
        }),
      );
    },
  },
};
