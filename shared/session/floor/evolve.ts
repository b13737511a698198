import type { EventOf } from '../events.js';
import { writable } from '../transient.js';
import type { SessionState } from '../types.js';
import type { QueueEventData } from './events.js';
import type { GroupQueue, Turn } from './types.js';

/** Evolvers of the queue events; spread into the table of evolve.ts. Immutable updates, like the rest. */
type QueueEventType = keyof QueueEventData;
type Evolver<K extends QueueEventType> = (state: SessionState, event: EventOf<K>) => SessionState;

function withQueue(state: SessionState, groupId: string, patch: (q: GroupQueue) => GroupQueue): SessionState {
  const group = state.groups[groupId];
  if (!group) return state;
  const groups = writable(state.groups);
  groups[groupId] = { ...group, queue: patch(group.queue) };
  return { ...state, groups };
}

function withTurn(q: GroupQueue, turnId: string, patch: (t: Turn) => Turn): GroupQueue {
  if (!q.turn || q.turn.turnId !== turnId) return q;
  return { ...q, turn: patch(q.turn) };
}

export const queueEvolvers: { [K in QueueEventType]: Evolver<K> } = {
  'hand.raised': (s, e) =>
    withQueue(s, e.data.groupId, (q) => ({
      ...q,
      entries: [
        ...q.entries,
        { memberId: e.data.memberId, kind: e.data.kind, seq: e.data.seq, raisedAt: e.at, pin: null },
      ],
      nextSeq: Math.max(q.nextSeq, e.data.seq + 1),
    })),
  'hand.lowered': (s, e) =>
    withQueue(s, e.data.groupId, (q) => ({
      ...q,
      entries: q.entries.filter((x) => x.memberId !== e.data.memberId),
    })),
  'queue.moved': (s, e) =>
    withQueue(s, e.data.groupId, (q) => ({
      ...q,
      entries: q.entries.map((x) => {
        if (x.kind !== e.data.kind) return x;
        const index = e.data.order.indexOf(x.memberId);
        return { ...x, pin: index < 0 ? null : index };
      }),
    })),
  'queue.cleared': (s, e) => withQueue(s, e.data.groupId, (q) => ({ ...q, entries: [] })),
  'queue.paused': (s, e) =>
    withQueue(s, e.data.groupId, (q) => {
      const paused = { ...q, paused: true };
      const t = e.data.turn;
      if (!t) return paused;
      return withTurn(paused, t.turnId, (turn) => ({
        ...turn,
        endsAt: null,
        runningSince: null,
        remainingMs: t.remainingMs,
        heldMs: t.heldMs,
      }));
    }),
  'queue.resumed': (s, e) =>
    withQueue(s, e.data.groupId, (q) => {
      const running = { ...q, paused: false };
      const t = e.data.turn;
      if (!t) return running;
      return withTurn(running, t.turnId, (turn) => ({
        ...turn,
        endsAt: t.endsAt,
        runningSince: t.runningSince,
        remainingMs: null,
      }));
    }),
  'queue.policy.set': (s, e) =>
    withQueue(s, e.data.groupId, (q) => ({
      ...q,
      policy: { phaseId: e.data.phaseId, policy: e.data.policy },
    })),
  'queue.configured': (s, e) =>
    withQueue(s, e.data.groupId, (q) => ({
      ...q,
      ...(e.data.autoAdvance !== undefined ? { autoAdvance: e.data.autoAdvance } : {}),
      ...(e.data.turnSec !== undefined ? { turnSec: e.data.turnSec } : {}),
    })),
  'turn.started': (s, e) =>
    withQueue(s, e.data.groupId, (q) => ({
      ...q,
      entries: q.entries.filter((x) => x.memberId !== e.data.memberId),
      turn: {
        turnId: e.data.turnId,
        memberId: e.data.memberId,
        kind: e.data.kind,
        startedAt: e.data.startedAt,
        endsAt: e.data.endsAt,
        remainingMs: null,
        heldMs: 0,
        runningSince: e.data.startedAt,
        downMs: 0,
      },
      turnCounts: { ...q.turnCounts, [e.data.memberId]: (q.turnCounts[e.data.memberId] ?? 0) + 1 },
    })),
  'turn.extended': (s, e) =>
    withQueue(s, e.data.groupId, (q) =>
      withTurn(q, e.data.turnId, (turn) => ({
        ...turn,
        endsAt: e.data.endsAt,
        remainingMs: e.data.remainingMs,
      })),
    ),
  'service.interrupted': (s, e) => ({ ...s, interruptions: [...(s.interruptions ?? []), e.data] }),
  'turn.interrupted': (s, e) =>
    withQueue(s, e.data.groupId, (q) =>
      withTurn(q, e.data.turnId, (turn) => ({
        ...turn,
        heldMs: e.data.heldMs,
        runningSince: e.data.runningSince,
        endsAt: e.data.endsAt,
        remainingMs: null,
        downMs: turn.downMs + e.data.downMs,
      })),
    ),
  'turn.ended': (s, e) =>
    withQueue(s, e.data.groupId, (q) => {
      if (q.turn?.turnId !== e.data.turnId) return q;
      const { memberId, heldMs } = e.data;
      return {
        ...q,
        turn: null,
        spokenMs: { ...q.spokenMs, [memberId]: (q.spokenMs[memberId] ?? 0) + heldMs },
      };
    }),
};
