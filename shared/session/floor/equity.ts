import { heldMs } from './turns.js';
import type { SessionState } from '../types.js';

/**
 * Equity figures of speaking time, for facilitators during a session and for the report after it. Pure
 * functions of the state (itself a replay of the log, whose `turn.ended` events carry the time held).
 */
export interface MemberSpeaking {
  memberId: string;
  name: string;
  spokenMs: number;
  turns: number;
  /** Share of the group's total speaking time, 0..1 (0 when nobody has spoken). */
  share: number;
}

export interface EquityFigures {
  totalMs: number;
  members: MemberSpeaking[];
  /** Gini coefficient of speaking time across the members counted: 0 = perfectly even, →1 = one voice. */
  gini: number;
  /** Members counted who have not held the floor yet. */
  notYetSpoken: string[];
}

/**
 * The Gini coefficient of non-negative values: the mean absolute difference over all pairs divided by
 * twice the mean. Computed in O(n log n) from the sorted values. 0 for empty, single or all-zero inputs.
 */
export function gini(values: readonly number[]): number {
  const n = values.length;
  const total = values.reduce((a, b) => a + b, 0);
  if (n < 2 || total <= 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  let weighted = 0;
  sorted.forEach((x, i) => (weighted += (2 * (i + 1) - n - 1) * x));
  return weighted / (n * total);
}

function figures(rows: Map<string, { name: string; spokenMs: number; turns: number }>): EquityFigures {
  const totalMs = [...rows.values()].reduce((a, r) => a + r.spokenMs, 0);
  const members = [...rows.entries()].map(([memberId, r]) => ({
    memberId,
    ...r,
    share: totalMs > 0 ? r.spokenMs / totalMs : 0,
  }));
  return {
    totalMs,
    members,
    gini: gini(members.map((m) => m.spokenMs)),
    notYetSpoken: members.filter((m) => m.turns === 0).map((m) => m.memberId),
  };
}

/**
 * Figures for one group: its present participants, plus anyone who has spoken there. With `now`, the
 * running turn counts up to now; without it, only ended turns count (what the log holds).
 */
export function groupEquity(state: SessionState, groupId: string, now?: number): EquityFigures {
  const rows = new Map<string, { name: string; spokenMs: number; turns: number }>();
  const group = state.groups[groupId];
  if (!group) return figures(rows);
  const row = (memberId: string) => {
    let r = rows.get(memberId);
    if (!r)
      rows.set(memberId, (r = { name: state.members[memberId]?.name ?? memberId, spokenMs: 0, turns: 0 }));
    return r;
  };
  for (const m of Object.values(state.members)) {
    if (!m.removed && m.role === 'participant' && m.groupId === groupId) row(m.id);
  }
  for (const [memberId, ms] of Object.entries(group.queue.spokenMs)) row(memberId).spokenMs += ms;
  for (const [memberId, n] of Object.entries(group.queue.turnCounts)) row(memberId).turns += n;
  const turn = group.queue.turn;
  if (turn && now !== undefined) row(turn.memberId).spokenMs += heldMs(turn, now);
  return figures(rows);
}

/** Figures over the whole session: every participant, their speaking time summed over all groups. */
export function sessionEquity(state: SessionState, now?: number): EquityFigures {
  const rows = new Map<string, { name: string; spokenMs: number; turns: number }>();
  for (const m of Object.values(state.members)) {
    if (!m.removed && m.role === 'participant') rows.set(m.id, { name: m.name, spokenMs: 0, turns: 0 });
  }
  for (const groupId of state.groupOrder) {
    for (const m of groupEquity(state, groupId, now).members) {
      const r = rows.get(m.memberId) ?? { name: m.name, spokenMs: 0, turns: 0 };
      rows.set(m.memberId, { name: r.name, spokenMs: r.spokenMs + m.spokenMs, turns: r.turns + m.turns });
    }
  }
  return figures(rows);
}
