import { describe, expect, it } from 'vitest';
import { queueOrder } from '../../shared/session/floor/order.js';
import type { QueuePolicy } from '../../shared/session/floor/types.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';
import { groupEquity } from '../../shared/session/floor/equity.js';

const P = PLENARY_ID;

/** A debate in the plenary (queue open, 2-minute turns) with a facilitator and four participants. */
function debate(policy?: QueuePolicy) {
  const h = new DomainHarness([
    { kind: 'welcome', durationSec: 600 },
    { id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 120 },
    { id: 'vote', kind: 'vote', durationSec: 600 },
  ]);
  const fac = h.join('Fatou', 'facilitator');
  const [ana, ben, cleo, dan] = ['Ana', 'Ben', 'Cléo', 'Dan'].map((n) => h.join(n, 'participant')) as [
    ReturnType<DomainHarness['join']>,
    ReturnType<DomainHarness['join']>,
    ReturnType<DomainHarness['join']>,
    ReturnType<DomainHarness['join']>,
  ];
  if (policy) h.ok({ type: 'settings.update', queuePolicy: policy }, fac);
  h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'debate' } }, fac);
  const names = (ids: string[]) => ids.map((id) => h.state.members[id]!.name);
  const order = () => names(queueOrder(h.state, P).map((e) => e.memberId));
  const turn = () => h.state.groups[P]!.queue.turn;
  const speaker = () => (turn() ? h.state.members[turn()!.memberId]!.name : null);
  return { h, fac, ana, ben, cleo, dan, order, turn, speaker };
}

/** Gives Ana then Ben the floor for `anaMs` and `benMs`; then Ana, Ben, Cléo raise hands (in that order). */
function withHistory(policy: QueuePolicy, anaMs: number, benMs: number) {
  const d = debate(policy);
  const { h, fac, ana, ben, cleo } = d;
  h.ok({ type: 'queue.settings', groupId: P, autoAdvance: false }, fac);
  for (const [who, ms] of [
    [ana, anaMs],
    [ben, benMs],
  ] as const) {
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P), memberId: who.memberId }, fac);
    h.advance(ms);
    h.ok({ type: 'turn.end', groupId: P, turnId: h.running(P) }, fac);
  }
  for (const who of [ana, ben, cleo]) {
    h.ok({ type: 'hand.raise' }, who);
    h.advance(1000);
  }
  return d;
}

describe('ordering policies', () => {
  it('first come first served keeps arrival order', () => {
    const { order } = withHistory('fcfs', 90_000, 10_000);
    expect(order()).toEqual(['Ana', 'Ben', 'Cléo']);
  });

  it('least speaking time first, ties in arrival order', () => {
    const { order } = withHistory('least-time', 90_000, 10_000);
    expect(order()).toEqual(['Cléo', 'Ben', 'Ana']);
    const tie = withHistory('least-time', 30_000, 30_000);
    expect(tie.order()).toEqual(['Cléo', 'Ana', 'Ben']);
  });

  it('first-time speakers first, then arrival order', () => {
    const { order } = withHistory('first-time', 90_000, 10_000);
    expect(order()).toEqual(['Cléo', 'Ana', 'Ben']);
  });

  it('a facilitator changes the policy for the current phase only', () => {
    const { h, fac, order } = withHistory('fcfs', 90_000, 10_000);
    h.ok({ type: 'queue.policy', groupId: P, policy: 'least-time' }, fac);
    expect(order()).toEqual(['Cléo', 'Ben', 'Ana']);
    h.ok(
      {
        type: 'agenda.set',
        agenda: [
          { id: 'debate', kind: 'debate', durationSec: 60 },
          { id: 'd2', kind: 'debate', durationSec: 60 },
        ],
      },
      fac,
    );
    h.ok({ type: 'phase.goto', groupId: P, to: 'next', from: h.seen(P) }, fac);
    expect(h.state.groups[P]!.queue.entries).toHaveLength(3); // the queue stays open from debate to debate
    expect(order()).toEqual(['Ana', 'Ben', 'Cléo']);
  });
});

describe('lanes', () => {
  it('points of order first, then direct replies, then normal turns', () => {
    const { h, fac, ana, ben, cleo, dan, order, speaker } = debate();
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    expect(speaker()).toBe('Ana');
    h.ok({ type: 'hand.raise' }, ben);
    h.ok({ type: 'hand.raise', kind: 'reply' }, cleo);
    h.ok({ type: 'hand.raise', kind: 'order' }, dan);
    expect(order()).toEqual(['Dan', 'Cléo', 'Ben']);
  });

  it('replies and points of order keep arrival order whatever the policy: it orders normal turns only', () => {
    // Ana spoke 90 s and Ben 10 s: least-time puts Ben first among normal hands, not among replies or orders.
    const { h, fac, ana, ben, cleo, order } = withHistory('least-time', 90_000, 10_000);
    expect(order()).toEqual(['Cléo', 'Ben', 'Ana']);
    for (const who of [ana, ben, cleo]) h.ok({ type: 'hand.lower' }, who);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P), memberId: cleo.memberId }, fac);
    h.ok({ type: 'hand.raise', kind: 'reply' }, ana);
    h.ok({ type: 'hand.raise', kind: 'reply' }, ben);
    expect(order()).toEqual(['Ana', 'Ben']);
    for (const who of [ana, ben]) h.ok({ type: 'hand.lower' }, who);
    h.ok({ type: 'hand.raise', kind: 'order' }, ana);
    h.ok({ type: 'hand.raise', kind: 'order' }, ben);
    expect(order()).toEqual(['Ana', 'Ben']);
  });

  it('a direct reply is a short turn; a reply needs someone to reply to', () => {
    const { h, fac, ana, ben, turn } = debate();
    expect(h.run({ type: 'hand.raise', kind: 'reply' }, ana)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    expect(turn()!.endsAt! - turn()!.startedAt).toBe(120_000); // the phase's turn length
    h.ok({ type: 'hand.raise', kind: 'reply' }, ben);
    h.ok({ type: 'turn.end', groupId: P, turnId: h.running(P) }, fac); // auto-advance gives Ben the floor
    expect(turn()!.kind).toBe('reply');
    expect(turn()!.endsAt! - turn()!.startedAt).toBe(30_000);
  });

  it('move, skip, remove and clear', () => {
    const { h, fac, ana, ben, cleo, dan, order } = debate();
    for (const who of [ana, ben, cleo, dan]) h.ok({ type: 'hand.raise' }, who);
    h.ok({ type: 'queue.move', groupId: P, memberId: dan.memberId, position: 0 }, fac);
    expect(order()).toEqual(['Dan', 'Ana', 'Ben', 'Cléo']);
    h.ok({ type: 'queue.skip', groupId: P, memberId: dan.memberId, position: 0 }, fac);
    expect(order()).toEqual(['Ana', 'Dan', 'Ben', 'Cléo']);
    h.ok({ type: 'queue.remove', groupId: P, memberId: ben.memberId }, fac);
    expect(order()).toEqual(['Ana', 'Dan', 'Cléo']);
    h.ok({ type: 'hand.lower' }, ana);
    h.ok({ type: 'hand.raise' }, ben); // a newcomer goes after the hand-placed entries
    expect(order()).toEqual(['Dan', 'Cléo', 'Ben']);
    h.ok({ type: 'queue.clear', groupId: P }, fac);
    expect(order()).toEqual([]);
  });
});

describe('turns', () => {
  it('expiry ends the turn exactly once and gives the floor to the next in line', () => {
    const { h, fac, ana, ben, turn, speaker } = debate();
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'hand.raise' }, ben);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    const first = turn()!;
    const expire = { type: 'turn.expire', groupId: P, turnId: first.turnId } as const;
    h.advance(60_000);
    expect(h.run(expire, { kind: 'system' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    h.advance(60_000);
    const events = h.ok(expire, { kind: 'system' });
    expect(events.map((e) => e.type)).toEqual(['turn.ended', 'turn.started']);
    expect(events[0]!.data).toMatchObject({ reason: 'expired', heldMs: 120_000 });
    expect(speaker()).toBe('Ben');
    const version = h.state.version;
    expect(h.run(expire, { kind: 'system' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(h.state.version).toBe(version);
    expect(h.log.filter((e) => e.type === 'turn.ended')).toHaveLength(1);
  });

  it('turns.expire ends every due turn of a batch once, and skips the others', () => {
    const { h, fac, ana, ben, turn } = debate();
    h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
    h.ok({ type: 'member.move', memberId: ben.memberId, groupId: 'ga' }, fac);
    h.ok({ type: 'phase.goto', groupId: 'ga', to: { phaseId: 'debate' } }, fac);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P), memberId: ana.memberId }, fac);
    h.ok({ type: 'floor.give', groupId: 'ga', turnId: h.turn('ga'), memberId: ben.memberId }, fac);
    const turns = [
      { groupId: P, turnId: turn()!.turnId },
      { groupId: 'ga', turnId: h.state.groups.ga!.queue.turn!.turnId },
      { groupId: 'ga', turnId: 'stale' },
    ];
    h.advance(120_000);
    const events = h.ok({ type: 'turns.expire', turns }, { kind: 'system' });
    expect(events.filter((e) => e.type === 'turn.ended')).toHaveLength(2);
    expect(h.run({ type: 'turns.expire', turns }, { kind: 'system' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });

  it('without auto-advance the floor stays free', () => {
    const { h, fac, ana, ben, turn } = debate();
    h.ok({ type: 'queue.settings', groupId: P, autoAdvance: false }, fac);
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'hand.raise' }, ben);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    h.ok({ type: 'turn.yield', turnId: h.running(P) }, ana);
    expect(turn()).toBeNull();
  });

  it('without auto-advance, resuming an idle queue leaves the floor free too', () => {
    const { h, fac, ana, turn, order } = debate();
    h.ok({ type: 'queue.settings', groupId: P, autoAdvance: false }, fac);
    h.ok({ type: 'queue.pause', groupId: P }, fac);
    h.ok({ type: 'hand.raise' }, ana);
    const events = h.ok({ type: 'queue.resume', groupId: P }, fac);
    expect(events.map((e) => e.type)).toEqual(['queue.resumed']);
    expect(turn()).toBeNull();
    expect(order()).toEqual(['Ana']);
  });

  it('closing a group ends its running turn and lowers its hands as it brings everyone back', () => {
    const { h, fac, ana, ben } = debate();
    h.ok({ type: 'group.create', name: 'Atelier', groupId: 'ga' }, fac);
    for (const who of [ana, ben]) h.ok({ type: 'member.move', memberId: who.memberId, groupId: 'ga' }, fac);
    h.ok({ type: 'phase.goto', groupId: 'ga', to: { phaseId: 'debate' } }, fac);
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'hand.raise' }, ben);
    h.ok({ type: 'floor.give', groupId: 'ga', turnId: h.turn('ga') }, fac);
    h.advance(5000);
    const events = h.ok({ type: 'group.close', groupId: 'ga' }, fac);
    // Everyone is brought back first: the speaker's turn ends as they leave, the waiting hand goes down.
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'turn.ended',
        { groupId: 'ga', turnId: expect.any(String), memberId: ana.memberId, reason: 'left', heldMs: 5000 },
      ],
      ['member.moved', { memberId: ana.memberId, groupId: P }],
      ['hand.lowered', { groupId: 'ga', memberId: ben.memberId, reason: 'left' }],
      ['member.moved', { memberId: ben.memberId, groupId: P }],
      ['group.closed', { groupId: 'ga' }],
    ]);
    expect(h.state.groups.ga!.queue).toMatchObject({ turn: null, entries: [] });
    expect(h.state.groups[P]!.queue.turn).toBeNull();
  });

  it('pause and resume keep the remaining time; held time excludes the pause', () => {
    const { h, fac, ana, turn } = debate();
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    h.advance(50_000);
    h.ok({ type: 'queue.pause', groupId: P }, fac);
    expect(turn()).toMatchObject({ endsAt: null, remainingMs: 70_000, heldMs: 50_000 });
    h.advance(300_000);
    h.ok({ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds: 20 }, fac);
    expect(turn()!.remainingMs).toBe(90_000);
    h.ok({ type: 'queue.resume', groupId: P }, fac);
    expect(turn()!.endsAt).toBe(h.now + 90_000);
    h.advance(10_000);
    const [ended] = h.ok({ type: 'turn.end', groupId: P, turnId: h.running(P) }, fac);
    expect(ended!.data).toMatchObject({ reason: 'ended', heldMs: 60_000 });
    expect(h.state.groups[P]!.queue.spokenMs[ana.memberId]).toBe(60_000);
  });

  it('extend moves endsAt; a stale expiry scheduled for the old end is refused', () => {
    const { h, fac, ana, turn } = debate();
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    const { turnId, endsAt } = turn()!;
    h.ok({ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds: 60 }, fac);
    expect(turn()!.endsAt).toBe(endsAt! + 60_000);
    h.advance(120_000);
    expect(h.run({ type: 'turn.expire', groupId: P, turnId }, { kind: 'system' }).ok).toBe(false);
    h.advance(60_000);
    expect(h.run({ type: 'turn.expire', groupId: P, turnId }, { kind: 'system' }).ok).toBe(true);
  });

  it('a late expiry records the time box plus extensions, not the time since the turn started', () => {
    const { h, fac, ana, turn } = debate();
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    const { turnId } = turn()!;
    h.advance(50_000);
    h.ok({ type: 'queue.pause', groupId: P }, fac);
    h.advance(10_000);
    h.ok({ type: 'queue.resume', groupId: P }, fac);
    h.ok({ type: 'turn.extend', groupId: P, turnId, seconds: 30 }, fac);
    // Nobody expired the turn on time (the only process was busy, or down): it lands minutes late.
    h.advance(10 * 60_000);
    expect(groupEquity(h.state, P, h.now).members.find((m) => m.memberId === ana.memberId)!.spokenMs).toBe(
      150_000,
    );
    const [ended] = h.ok({ type: 'turn.expire', groupId: P, turnId }, { kind: 'system' });
    expect(ended!.data).toMatchObject({ reason: 'expired', heldMs: 120_000 + 30_000 });
  });

  it('speaking time sums over turns, per member and per group', () => {
    const { h, fac, ana, ben } = debate();
    h.ok({ type: 'queue.settings', groupId: P, autoAdvance: false }, fac);
    for (const [who, ms] of [
      [ana, 30_000],
      [ben, 45_000],
      [ana, 15_000],
    ] as const) {
      h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P), memberId: who.memberId }, fac);
      h.advance(ms);
      h.ok({ type: 'turn.end', groupId: P, turnId: h.running(P) }, fac);
    }
    const q = h.state.groups[P]!.queue;
    expect(q.spokenMs).toEqual({ [ana.memberId]: 45_000, [ben.memberId]: 45_000 });
    expect(q.turnCounts).toEqual({ [ana.memberId]: 2, [ben.memberId]: 1 });
    const held = h.log
      .filter((e) => e.type === 'turn.ended')
      .map((e) => (e.data as { heldMs: number }).heldMs);
    expect(held.reduce((a, b) => a + b, 0)).toBe(90_000);
  });
});

describe('the queue follows the room', () => {
  it('a phase without a queue ends the turn and clears the queue; leaving a group leaves its queue', () => {
    const { h, fac, ana, ben, cleo, turn } = debate();
    h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
    for (const who of [ana, ben, cleo]) h.ok({ type: 'hand.raise' }, who);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    h.ok({ type: 'member.move', memberId: ben.memberId, groupId: 'ga' }, fac);
    expect(h.state.groups[P]!.queue.entries.map((e) => e.memberId)).toEqual([cleo.memberId]);
    h.advance(5000);
    const events = h.ok({ type: 'phase.goto', groupId: P, to: 'next', from: h.seen(P) }, fac);
    expect(events.map((e) => e.type)).toEqual(['turn.ended', 'queue.cleared', 'phase.started']);
    expect(events[0]!.data).toMatchObject({ memberId: ana.memberId, reason: 'phase', heldMs: 5000 });
    expect(turn()).toBeNull();
    expect(h.run({ type: 'hand.raise' }, ana)).toMatchObject({ ok: false, error: { code: 'wrong_phase' } });
  });
});

describe('bad input is refused with a typed error and changes nothing', () => {
  it('closed queue, non-current turn, wrong speaker, absurd extensions, unknown members', () => {
    const h = new DomainHarness();
    const fac = h.join('F', 'facilitator');
    const ana = h.join('Ana', 'participant');
    const obs = h.join('Olga', 'observer');
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac); // welcome: no queue
    const refusals: [Parameters<DomainHarness['run']>, string][] = [
      [[{ type: 'hand.raise' }, ana], 'wrong_phase'],
      [[{ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac], 'wrong_phase'],
      [[{ type: 'hand.raise' }, obs], 'forbidden'],
      [[{ type: 'turn.end', groupId: P, turnId: 'none' }, ana], 'forbidden'],
    ];
    const check = () => {
      for (const [[command, actor], code] of refusals) {
        const version = h.state.version;
        expect(h.run(command, actor), command.type).toMatchObject({ ok: false, error: { code } });
        expect(h.state.version).toBe(version);
      }
    };
    check();
    h.ok({ type: 'phase.goto', groupId: P, to: 'next', from: h.seen(P) }, fac); // information: queue open
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    refusals.length = 0;
    refusals.push(
      [[{ type: 'turn.expire', groupId: P, turnId: 'not-current' }, { kind: 'system' }], 'invalid_state'],
      [[{ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds: -30 }, fac], 'bad_request'],
      [[{ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds: 86_400 }, fac], 'bad_request'],
      [[{ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds: 1.5 }, fac], 'bad_request'],
      [[{ type: 'hand.raise' }, ana], 'invalid_state'],
      [[{ type: 'queue.remove', groupId: P, memberId: 'ghost' }, fac], 'not_found'],
      [[{ type: 'floor.give', groupId: P, turnId: h.turn(P), memberId: obs.memberId }, fac], 'invalid_state'],
      [[{ type: 'floor.give', groupId: 'nope', turnId: h.turn('nope') }, fac], 'not_found'],
    );
    check();
    for (let i = 0; i < 5; i++)
      h.ok({ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds: 600 }, fac);
    expect(h.run({ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds: 600 }, fac)).toMatchObject(
      {
        ok: false,
        error: { code: 'limit_exceeded' },
      },
    );
  });
});
