import { accept, refuse } from '../decision.js';
import type { CommandSpecs, DecideContext, Decision } from '../decision.js';
import { FACILITATION } from '../decision.js';
import { newEvent } from '../events.js';
import type { NewEvent } from '../events.js';
import type { Group, SessionState } from '../types.js';
import type { TurnEndReason } from '../queue/events.js';
import { checkSeenTurn } from '../expectations.js';
import { findGroup, isDecision, openQueue, ownGroup, speakerIn } from '../queue/guards.js';
import { queueOrder } from '../queue/order.js';
import { advance, endTurn, remainingMs, startTurn } from '../queue/turns.js';
import { SPEAKING_LIMITS, speakingSettings } from '../queue/types.js';

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
  | 'floor.give'
  | 'turn.extend'
  | 'turn.end'
  | 'turn.yield'
  | 'turn.expire'
  | 'turns.expire'
  | 'turn.drop'
  | 'outage.recover'
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
  'turn.drop': {
    // Issued by the transport when the speaker's last connection closes.
    issuers: ['system'],
    decide(state, cmd, ctx) {
      const group = currentTurn(state, cmd.groupId, cmd.turnId);
      if (isDecision(group)) return group;
      if (speakingSettings(state.settings).speakerDrop !== 'end') {
        return refuse('invalid_state', 'speakers keep the floor when they drop (speakerDrop: keep)');
      }
      return endAndAdvance(state, group, ctx, 'dropped');
    },
  },
  'outage.recover': {
    // Issued by a process that starts and finds no process was up since `downSince` (see outages.ts).
    // Every turn that was running then gets back the time it had left: the outage is not speaking time.
    // Idempotent: a turn interrupted once runs again from after `downSince`, so a second process that
    // reports the same outage finds nothing to do.
    issuers: ['system'],
    decide(state, cmd, ctx) {
      if (ctx.now <= cmd.downSince) return refuse('bad_request', 'an outage ends after it starts');
      const events: NewEvent[] = [];
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
      if (events.length === 0)
        return refuse('invalid_state', 'no turn was running when the service went down');
      return accept(...events);
    },
  },
};
