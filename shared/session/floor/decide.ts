import { accept, refuse, FACILITATION } from '../decision.js';
import type { CommandSpecs, Decision, DecideContext } from '../decision.js';
import { newEvent } from '../events.js';
import type { NewEvent } from '../events.js';
import type { Group, SessionState } from '../types.js';
import { findGroup, isDecision, openQueue, ownGroup, speakerIn } from './guards.js';
import { laneOf, queueOrder } from './order.js';
import { advance, heldMs, remainingMs, endTurn, startTurn } from './turns.js';
import type { TurnEndReason } from './events.js';
import { checkSeenTurn } from './expectations.js';
import { SPEAKING_LIMITS } from './types.js';

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
    // Passes over someone who is not ready: they step back one place in their lane and keep waiting. The
    // command says who and where the facilitator saw them, so a second click on the same row (or a
    // co-facilitator's at the same moment) finds them moved and is refused instead of passing them over twice.
    issuers: FACILITATION,
    decide(state, cmd) {
      const group = findGroup(state, cmd.groupId);
      if (isDecision(group)) return group;
      const memberId = cmd.memberId;
      const entry = group.queue.entries.find((e) => e.memberId === memberId);
      if (!entry) return refuse('not_found', `${memberId} is not in the queue of "${group.name}"`);
      const at = queueOrder(state, group.id).findIndex((e) => e.memberId === memberId);
      if (at !== cmd.position) {
        const name = state.members[memberId]?.name ?? memberId;
        return refuse('conflict', `the queue has changed: ${name} is number ${at + 1} now; nothing was done`);
      }
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

/** Ends the current turn and, with auto-advance, gives the floor to the next in line, in one decision. */
function endAndAdvance(
  state: SessionState,
  group: Group,
  ctx: DecideContext,
  reason: TurnEndReason,
): Decision {
  return accept(...endTurn(group, ctx.now, reason), ...advance(state, group, ctx.now, ctx.newId));
}

/** A timer's or the transport's view of the turn: it must still be the current, running one. */
function currentTurn(state: SessionState, groupId: string, turnId: string): Group | Decision {
  const group = findGroup(state, groupId);
  if (isDecision(group)) return group;
  if (group.queue.turn?.turnId !== turnId) return refuse('invalid_state', `turn ${turnId} is not current`);
  return group;
}

/** Ends a turn whose time is up: refused unless it is the current turn, running, and due. */
function expire(state: SessionState, groupId: string, turnId: string, ctx: DecideContext): Decision {
  const group = currentTurn(state, groupId, turnId);
  if (isDecision(group)) return group;
  const endsAt = group.queue.turn?.endsAt ?? null;
  if (endsAt === null) return refuse('invalid_state', `turn ${turnId} is paused`);
  if (ctx.now < endsAt) return refuse('invalid_state', `turn ${turnId} is not due yet`);
  return endAndAdvance(state, group, ctx, 'expired');
}

export const turnCommands: CommandSpecs<
  'floor.give' | 'turn.extend' | 'turn.end' | 'turn.yield' | 'turn.expire' | 'turns.expire' | 'outage.recover'
> = {
  'floor.give': {
    issuers: FACILITATION,
    beforeLive: false,
    decide(state, cmd, ctx) {
      const group = openQueue(state, cmd.groupId);
      if (isDecision(group)) return group;
      // Two "give the floor" at once: the second would cut the turn the first one started.
      const stale = checkSeenTurn(state, group, cmd.turnId);
      if (stale) return stale;
      if (group.queue.paused) return refuse('invalid_state', `the queue of "${group.name}" is paused`);
      let next: { memberId: string; kind: 'normal' | 'reply' | 'order' } | undefined;
      if (cmd.memberId !== undefined) {
        const member = speakerIn(state, group, cmd.memberId);
        if (isDecision(member)) return member;
        const entry = group.queue.entries.find((e) => e.memberId === member.id);
        next = { memberId: member.id, kind: entry?.kind ?? 'normal' };
      } else {
        next = queueOrder(state, group.id)[0];
        if (!next) return refuse('invalid_state', `nobody is waiting in "${group.name}"`);
      }
      if (group.queue.turn?.memberId === next.memberId) {
        return refuse('invalid_state', 'this member already has the floor');
      }
      return accept(
        ...endTurn(group, ctx.now, 'ended'),
        startTurn(state, group, next.memberId, next.kind, ctx.now, ctx.newId),
      );
    },
  },
  'turn.extend': {
    issuers: FACILITATION,
    decide(state, cmd, ctx) {
      const group = findGroup(state, cmd.groupId);
      if (isDecision(group)) return group;
      const stale = checkSeenTurn(state, group, cmd.turnId);
      if (stale) return stale;
      const turn = group.queue.turn;
      if (!turn) return refuse('invalid_state', `nobody has the floor in "${group.name}"`);
      if (!Number.isInteger(cmd.seconds) || cmd.seconds < 1 || cmd.seconds > SPEAKING_LIMITS.extendMaxSec) {
        return refuse('bad_request', `extend by 1 to ${SPEAKING_LIMITS.extendMaxSec} seconds`);
      }
      const left = remainingMs(turn, ctx.now) + cmd.seconds * 1000;
      if (left > SPEAKING_LIMITS.turnMaxSec * 1000) {
        return refuse('limit_exceeded', `a turn lasts at most ${SPEAKING_LIMITS.turnMaxSec / 60} minutes`);
      }
      const paused = turn.endsAt === null;
      return accept(
        newEvent('turn.extended', {
          groupId: group.id,
          turnId: turn.turnId,
          seconds: cmd.seconds,
          endsAt: paused ? null : (turn.endsAt ?? ctx.now) + cmd.seconds * 1000,
          remainingMs: paused ? left : null,
        }),
      );
    },
  },
  'turn.end': {
    issuers: FACILITATION,
    decide(state, cmd, ctx) {
      const group = findGroup(state, cmd.groupId);
      if (isDecision(group)) return group;
      const stale = checkSeenTurn(state, group, cmd.turnId);
      if (stale) return stale;
      if (!group.queue.turn) return refuse('invalid_state', `nobody has the floor in "${group.name}"`);
      return endAndAdvance(state, group, ctx, 'ended');
    },
  },
  'turn.yield': {
    issuers: ['participant'],
    decide(state, cmd, ctx) {
      const own = ownGroup(state, ctx);
      if (isDecision(own)) return own;
      const turn = own.group.queue.turn;
      if (turn?.turnId !== cmd.turnId) {
        // The turn the speaker meant to yield is over (expired, ended by a facilitator): yielding now
        // would end someone else's turn or nothing at all.
        return refuse('conflict', 'your turn had already ended; nothing was done');
      }
      if (turn.memberId !== own.member.id) return refuse('invalid_state', 'you do not have the floor');
      return endAndAdvance(state, own.group, ctx, 'yielded');
    },
  },
  'turn.expire': {
    // Every process that serves the session may schedule this; only the first one to land succeeds.
    issuers: ['system'],
    decide(state, cmd, ctx) {
      return expire(state, cmd.groupId, cmd.turnId, ctx);
    },
  },
  'turns.expire': {
    // Many turns due at once in one session (many groups) expire in one decision and one append, so a
    // burst of deadlines costs one write instead of one each. Turns no longer current are skipped.
    issuers: ['system'],
    decide(state, cmd, ctx) {
      const events: NewEvent[] = [];
      const seen = new Set<string>();
      for (const { groupId, turnId } of cmd.turns) {
        if (seen.has(groupId)) continue;
        seen.add(groupId);
        const decision = expire(state, groupId, turnId, ctx);
        if (decision.ok) events.push(...decision.events);
      }
      if (events.length === 0) return refuse('invalid_state', 'none of these turns is current and due');
      return accept(...events);
    },
  },
  'outage.recover': {
    // Issued by a process that starts and finds no process was up since `downSince` (see outageRecovery.ts).
    // The outage is recorded (the report leaves it out of the phases' times), and every turn that was
    // running then gets back the time it had left: the outage is not speaking time. Idempotent: a second
    // process that reports the same outage is refused.
    issuers: ['system'],
    decide(state, cmd, ctx) {
      if (ctx.now <= cmd.downSince) return refuse('bad_request', 'an outage ends after it starts');
      if (state.interruptions?.some((i) => i.downSince === cmd.downSince)) {
        return refuse('invalid_state', 'this outage is already recorded');
      }
      const events: NewEvent[] = [
        newEvent('service.interrupted', { downSince: cmd.downSince, downMs: ctx.now - cmd.downSince }),
      ];
      for (const groupId of state.groupOrder) {
        const turn = state.groups[groupId]?.queue.turn;
        if (!turn || turn.endsAt === null || turn.runningSince === null) continue;
        // Started after the outage began, or already over when it did (its expiry records the time box).
        if (turn.runningSince >= cmd.downSince || turn.endsAt <= cmd.downSince) continue;
        events.push(
          newEvent('turn.interrupted', {
            groupId,
            turnId: turn.turnId,
            downSince: cmd.downSince,
            downMs: ctx.now - cmd.downSince,
            heldMs: turn.heldMs + (cmd.downSince - turn.runningSince),
            runningSince: ctx.now,
            endsAt: ctx.now + (turn.endsAt - cmd.downSince),
          }),
        );
      }
      return accept(...events);
    },
  },
};

/** Commands of the speaking floor: the queue and the turns. */
export const floorCommands = { ...queueCommands, ...turnCommands };
