import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/session/commands.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import type { Actor, SessionState } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';

/**
 * The state matrix of relative commands: each carries what its sender saw, and the same command decided on
 * the state that follows its twin (the other facilitator's click, the speaker's yield, the timer's expiry)
 * is refused with `conflict` and changes nothing. Two clicks never make two steps.
 */
const P = PLENARY_ID;

/** A live debate in the plenary and group A; Ana has the floor in the plenary, Ben and Cleo wait. */
function debate() {
  const h = new DomainHarness();
  const fac = h.join('Fatou', 'facilitator');
  const fac2 = h.join('Farid', 'facilitator');
  const [ana, ben, cleo] = [
    h.join('Ana', 'participant'),
    h.join('Ben', 'participant'),
    h.join('Cleo', 'participant'),
  ];
  h.ok({ type: 'group.create', name: 'Groupe A', groupId: 'ga' }, fac);
  h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p3' } }, fac);
  for (const who of [ana, ben, cleo]) h.ok({ type: 'hand.raise' }, who);
  h.ok({ type: 'floor.give', groupId: P, turnId: null }, fac);
  return { h, fac, fac2, ana, ben, cleo };
}

type Setup = ReturnType<typeof debate>;

/** A relative command as a client showing `state` builds it, and who sends it. */
interface Click {
  name: string;
  build(s: Setup, seen: SessionState): [Command, Actor];
}

const speaker = (s: SessionState) => s.groups[P]!.queue.turn?.memberId;
const turnOf = (s: SessionState) => s.groups[P]!.queue.turn?.turnId ?? null;

const CLICKS: Click[] = [
  {
    name: 'next phase (all groups)',
    build: ({ fac }, seen) => [
      {
        type: 'phase.goto',
        groupId: 'all',
        to: 'next',
        from: Object.fromEntries(seen.groupOrder.map((id) => [id, seen.groups[id]!.phase?.phaseId ?? null])),
      },
      fac,
    ],
  },
  {
    name: 'next phase (one group, one phase seen)',
    build: ({ fac }, seen) => [
      { type: 'phase.goto', groupId: P, to: 'next', from: seen.groups[P]!.phase!.phaseId },
      fac,
    ],
  },
  {
    name: 'previous phase',
    build: ({ fac }, seen) => [
      { type: 'phase.goto', groupId: 'ga', to: 'previous', from: seen.groups.ga!.phase!.phaseId },
      fac,
    ],
  },
  {
    name: 'give the floor to the next in line',
    build: ({ fac }, seen) => [{ type: 'floor.give', groupId: P, turnId: turnOf(seen) }, fac],
  },
  {
    name: 'give the floor to a named member',
    build: ({ fac, cleo }, seen) => [
      { type: 'floor.give', groupId: P, memberId: cleo.memberId, turnId: turnOf(seen) },
      fac,
    ],
  },
  {
    name: 'end the turn',
    build: ({ fac }, seen) => [{ type: 'turn.end', groupId: P, turnId: turnOf(seen)! }, fac],
  },
  {
    name: 'yield',
    build: ({ ana }, seen) => [{ type: 'turn.yield', turnId: turnOf(seen)! }, ana],
  },
];

/** The groups a phase move takes along. */
function moved(c: Command): string[] {
  if (c.type !== 'phase.goto') return [];
  return c.groupId === 'all' ? [P, 'ga'] : [c.groupId];
}

/** Whether `first` changed what `second` was built on: a group it moves, or the plenary's floor. */
function sawChange(first: Command, second: Command): boolean {
  if (second.type === 'phase.goto') return moved(second).some((g) => moved(first).includes(g));
  // Every turn command acts on the plenary's floor; a phase move of the plenary ends its turn.
  return first.type !== 'phase.goto' || moved(first).includes(P);
}

describe('relative commands carry what their sender saw', () => {
  for (const first of CLICKS) {
    for (const second of CLICKS) {
      // The second click was made on the same screen as the first, and lands after it.
      it(`${first.name}, then ${second.name} clicked on the same state`, () => {
        const s = debate();
        const seen = s.h.state;
        const [a, aBy] = first.build(s, seen);
        const [b, bBy] = second.build(s, seen);
        s.h.ok(a, aBy);
        const after = s.h.state;
        const late = s.h.run(b, bBy);
        if (sawChange(a, b)) {
          expect(late).toMatchObject({ ok: false, error: { code: 'conflict' } });
          expect(s.h.state).toBe(after);
        } else {
          expect(late).toMatchObject({ ok: true });
        }
      });
    }
  }

  it('two "give the floor" on one screen: Ana keeps the turn the first one gave her', () => {
    const s = debate();
    s.h.ok({ type: 'turn.end', groupId: P, turnId: s.h.running() }, s.fac); // auto-advance: Ben speaks
    s.h.ok({ type: 'queue.settings', groupId: P, autoAdvance: false }, s.fac);
    s.h.ok({ type: 'turn.end', groupId: P, turnId: s.h.running() }, s.fac); // nobody speaks
    const seen = s.h.turn();
    const start = s.h.log.length;
    s.h.ok({ type: 'floor.give', groupId: P, turnId: seen }, s.fac);
    const given = speaker(s.h.state);
    s.h.advance(1);
    expect(s.h.run({ type: 'floor.give', groupId: P, turnId: seen }, s.fac2)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(speaker(s.h.state)).toBe(given);
    expect(s.h.log.slice(start).filter((e) => e.type === 'turn.ended')).toEqual([]);
  });

  it('yield then give the floor: the next in line is not skipped', () => {
    const s = debate();
    const seen = s.h.turn();
    s.h.advance(5000);
    s.h.ok({ type: 'turn.yield', turnId: seen! }, s.ana); // Ben gets the floor by auto-advance
    expect(s.h.run({ type: 'floor.give', groupId: P, turnId: seen }, s.fac)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(speaker(s.h.state)).toBe(s.ben.memberId);
  });

  it('an extension of a turn that expired meanwhile is refused, not given to the next speaker', () => {
    const s = debate();
    const seen = s.h.running();
    s.h.advance(120_000);
    s.h.ok({ type: 'turn.expire', groupId: P, turnId: seen }, { kind: 'system' });
    expect(s.h.run({ type: 'turn.extend', groupId: P, turnId: seen, seconds: 30 }, s.fac)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(s.h.log.filter((e) => e.type === 'turn.extended')).toEqual([]);
  });

  it('an extension that lands first makes the expiry not due', () => {
    const s = debate();
    const seen = s.h.running();
    s.h.advance(120_000);
    s.h.ok({ type: 'turn.extend', groupId: P, turnId: seen, seconds: 30 }, s.fac);
    expect(s.h.run({ type: 'turn.expire', groupId: P, turnId: seen }, { kind: 'system' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    expect(s.h.turn()).toBe(seen);
  });

  it('"next" and "previous" without what the sender saw are refused as bad requests', () => {
    const s = debate();
    const before = s.h.state;
    for (const to of ['next', 'previous'] as const) {
      const decision = s.h.run({ type: 'phase.goto', groupId: 'all', to }, s.fac);
      expect(decision).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      if (!decision.ok) expect(decision.error.message).toContain('from');
    }
    expect(s.h.state).toBe(before);
  });

  it('one phase seen for all groups holds only when every open group is in it', () => {
    const s = debate();
    s.h.ok({ type: 'phase.goto', groupId: 'ga', to: 'next', from: 'p3' }, s.fac);
    expect(s.h.run({ type: 'phase.goto', groupId: 'all', to: 'next', from: 'p3' }, s.fac)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    s.h.ok({ type: 'phase.goto', groupId: 'all', to: 'next', from: s.h.seen('all') }, s.fac);
    expect(s.h.state.groups[P]!.phase!.phaseId).toBe('p4');
    expect(s.h.state.groups.ga!.phase!.phaseId).toBe('p5');
  });

  it('a group created after the sender looked is not moved behind their back', () => {
    const s = debate();
    const seen = s.h.seen('all');
    s.h.ok({ type: 'group.create', name: 'Groupe B', groupId: 'gb' }, s.fac2);
    const decision = s.h.run({ type: 'phase.goto', groupId: 'all', to: 'next', from: seen }, s.fac);
    expect(decision).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!decision.ok) expect(decision.error.message).toContain('Groupe B');
  });

  it('an absolute move is idempotent: the second "go to drafting" changes nothing', () => {
    const s = debate();
    s.h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } }, s.fac);
    const version = s.h.state.version;
    expect(s.h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } }, s.fac2)).toEqual([]);
    expect(s.h.state.version).toBe(version);
  });

  it('a move that sends groups back must say so (back: true), and names them when it does not', () => {
    const s = debate();
    const before = s.h.state;
    for (const to of ['first', { phaseId: 'p2' }] as const) {
      const decision = s.h.run({ type: 'phase.goto', groupId: 'all', to }, s.fac);
      expect(decision).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (!decision.ok) expect(decision.error.message).toMatch(/"Plenary", "Groupe A" back/);
    }
    expect(s.h.state).toBe(before);
    s.h.ok({ type: 'phase.goto', groupId: 'all', to: 'first', back: true }, s.fac);
    for (const id of s.h.state.groupOrder) expect(s.h.state.groups[id]!.phase!.phaseId).toBe('p1');
  });

  it('restarting a group that finished the agenda is a move back', () => {
    const s = debate();
    s.h.ok({ type: 'phase.goto', groupId: 'ga', to: 'finish' }, s.fac);
    expect(s.h.run({ type: 'phase.goto', groupId: 'ga', to: { phaseId: 'p6' } }, s.fac)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    s.h.ok({ type: 'phase.goto', groupId: 'ga', to: { phaseId: 'p6' }, back: true }, s.fac);
  });

  it('the role check comes first: a participant with a stale expectation is still forbidden', () => {
    const s = debate();
    expect(s.h.run({ type: 'floor.give', groupId: P, turnId: 'stale' }, s.ben)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
