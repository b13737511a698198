import { describe, expect, it } from 'vitest';
import { queueOrder } from '../../shared/session/floor/order.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness, expectRefused } from '../helpers/domain.js';

/**
 * The speaking queue, rule by rule (shared/session/floor): raising and lowering, the facilitator's moves,
 * pause and resume, policies and group settings. Beside the stories of speakingQueue.test.ts; written from
 * the survivors of `npm run mutate -- queue`.
 */

const P = PLENARY_ID;

/** A debate in the plenary (2-minute turns), a facilitator and four participants; group ga created first. */
function debate() {
  const h = new DomainHarness([
    { kind: 'welcome', durationSec: 600 },
    { id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 120 },
    { id: 'vote', kind: 'vote', durationSec: 600 },
  ]);
  const fac = h.join('Fatou', 'facilitator');
  h.ok({ type: 'group.create', name: 'Atelier A', groupId: 'ga' }, fac);
  const [ana, ben, cleo, dan] = ['Ana', 'Ben', 'Cléo', 'Dan'].map((n) => h.join(n, 'participant')) as [
    ReturnType<DomainHarness['join']>,
    ReturnType<DomainHarness['join']>,
    ReturnType<DomainHarness['join']>,
    ReturnType<DomainHarness['join']>,
  ];
  h.ok({ type: 'phase.goto', groupId: P, to: { phaseId: 'debate' } }, fac);
  const name = (id: string) => h.state.members[id]!.name;
  const order = (groupId = P) => queueOrder(h.state, groupId).map((e) => `${name(e.memberId)}:${e.kind}`);
  const speaker = () => {
    const turn = h.state.groups[P]!.queue.turn;
    return turn ? name(turn.memberId) : null;
  };
  return { h, fac, ana, ben, cleo, dan, order, speaker };
}

describe('raising and lowering a hand', () => {
  it('a hand is raised once, in the normal lane unless said, numbered in arrival order', () => {
    const { h, ana, ben, order } = debate();
    const [raised] = h.ok({ type: 'hand.raise' }, ana);
    expect(raised!.data).toMatchObject({ groupId: P, memberId: ana.memberId, kind: 'normal', seq: 1 });
    expectRefused(h.run({ type: 'hand.raise' }, ana), 'conflict', 'already raised');
    const [second] = h.ok({ type: 'hand.raise', kind: 'order' }, ben);
    expect(second!.data).toMatchObject({ kind: 'order', seq: 2 });
    expect(order()).toEqual(['Ben:order', 'Ana:normal']);
  });

  it('lowering needs a raised hand, and says why it went down', () => {
    const { h, ana } = debate();
    expectRefused(h.run({ type: 'hand.lower' }, ana), 'invalid_state', 'not raised');
    h.ok({ type: 'hand.raise' }, ana);
    const [lowered] = h.ok({ type: 'hand.lower' }, ana);
    expect(lowered!.data).toEqual({ groupId: P, memberId: ana.memberId, reason: 'lowered' });
    expect(h.state.groups[P]!.queue.entries).toEqual([]);
  });

  it('the queue of a closed group takes no hand, and says which group', () => {
    const { h, fac, ana } = debate();
    h.ok({ type: 'member.move', memberId: ana.memberId, groupId: 'ga' }, fac);
    h.ok({ type: 'phase.goto', groupId: 'ga', to: { phaseId: 'debate' } }, fac);
    h.ok({ type: 'group.close', groupId: 'ga' }, fac);
    expectRefused(
      h.run({ type: 'floor.give', groupId: 'ga', turnId: null }, fac),
      'invalid_state',
      'Atelier A',
    );
  });
});

describe("the facilitator's moves", () => {
  it('skip passes over the member named by one place in their lane', () => {
    const { h, fac, ana, ben, cleo, order } = debate();
    const skip = (memberId: string, position: number, groupId = P) =>
      h.run({ type: 'queue.skip', groupId, memberId, position }, fac);
    expectRefused(skip(ana.memberId, 0), 'not_found');
    for (const who of [ana, ben, cleo]) h.ok({ type: 'hand.raise' }, who);
    h.ok({ type: 'queue.skip', groupId: P, memberId: ben.memberId, position: 1 }, fac);
    expect(order()).toEqual(['Ana:normal', 'Cléo:normal', 'Ben:normal']);
    // The last of a lane has nobody to let pass.
    expectRefused(skip(ben.memberId, 2), 'invalid_state');
    expectRefused(skip('m404', 0), 'not_found', 'm404');
    expectRefused(skip(ana.memberId, 0, 'gz'), 'not_found', 'gz');
  });

  it('a skip sent twice for the same row (a double click, two facilitators) passes them over once', () => {
    const { h, fac, ana, ben, cleo, order } = debate();
    for (const who of [ana, ben, cleo]) h.ok({ type: 'hand.raise' }, who);
    const skipAna = { type: 'queue.skip', groupId: P, memberId: ana.memberId, position: 0 } as const;
    h.ok(skipAna, fac);
    expectRefused(h.run(skipAna, fac), 'conflict', 'number 2 now');
    expect(order()).toEqual(['Ben:normal', 'Ana:normal', 'Cléo:normal']);
  });

  it('move counts positions over the whole queue but keeps a hand in its lane', () => {
    const { h, fac, ana, ben, cleo, dan, order } = debate();
    const eve = h.join('Eve', 'participant');
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    h.ok({ type: 'hand.raise', kind: 'order' }, ben);
    for (const who of [cleo, dan, eve]) h.ok({ type: 'hand.raise', kind: 'reply' }, who);
    expect(order()).toEqual(['Ben:order', 'Cléo:reply', 'Dan:reply', 'Eve:reply']);
    // Position 1 is the head of the reply lane (the point of order stays first).
    h.ok({ type: 'queue.move', groupId: P, memberId: eve.memberId, position: 1 }, fac);
    expect(order()).toEqual(['Ben:order', 'Eve:reply', 'Cléo:reply', 'Dan:reply']);
    // Far past the end: the end of its lane.
    h.ok({ type: 'queue.move', groupId: P, memberId: eve.memberId, position: 99 }, fac);
    expect(order()).toEqual(['Ben:order', 'Cléo:reply', 'Dan:reply', 'Eve:reply']);
    // Before the lane starts: the head of its lane, never ahead of the point of order.
    h.ok({ type: 'queue.move', groupId: P, memberId: eve.memberId, position: 0 }, fac);
    expect(order()).toEqual(['Ben:order', 'Eve:reply', 'Cléo:reply', 'Dan:reply']);
    expectRefused(
      h.run({ type: 'queue.move', groupId: P, memberId: ana.memberId, position: 0 }, fac),
      'not_found',
      ana.memberId,
    );
  });

  it('a pinned order holds against later arrivals and policies: pins first, in pin order', () => {
    const { h, fac, ana, ben, cleo, dan, order } = debate();
    for (const who of [ana, ben, cleo]) h.ok({ type: 'hand.raise' }, who);
    h.ok({ type: 'queue.move', groupId: P, memberId: cleo.memberId, position: 1 }, fac);
    expect(order()).toEqual(['Ana:normal', 'Cléo:normal', 'Ben:normal']);
    h.ok({ type: 'hand.raise' }, dan);
    h.ok({ type: 'queue.policy', groupId: P, policy: 'least-time' }, fac);
    expect(order()).toEqual(['Ana:normal', 'Cléo:normal', 'Ben:normal', 'Dan:normal']);
  });

  it('clearing an empty queue logs nothing', () => {
    const { h, fac } = debate();
    expect(h.ok({ type: 'queue.clear', groupId: P }, fac)).toEqual([]);
  });
});

describe('pause and resume', () => {
  it('pausing twice, or resuming a running queue, is refused', () => {
    const { h, fac } = debate();
    expectRefused(h.run({ type: 'queue.resume', groupId: P }, fac), 'invalid_state', 'not paused');
    const [paused] = h.ok({ type: 'queue.pause', groupId: P }, fac);
    expect(paused!.data).toEqual({ groupId: P, turn: null });
    expectRefused(h.run({ type: 'queue.pause', groupId: P }, fac), 'invalid_state', 'already paused');
  });

  it('a paused queue gives no floor, by hand or when a turn ends; resuming an idle queue gives it', () => {
    const { h, fac, ana, ben, speaker } = debate();
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'hand.raise' }, ben);
    h.ok({ type: 'queue.pause', groupId: P }, fac);
    expectRefused(
      h.run({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac),
      'invalid_state',
      'paused',
    );
    expect(speaker()).toBeNull();
    const events = h.ok({ type: 'queue.resume', groupId: P }, fac);
    expect(events.map((e) => e.type)).toEqual(['queue.resumed', 'turn.started']);
    expect(speaker()).toBe('Ana');
  });

  it('resuming an idle queue with nobody waiting only resumes it', () => {
    const { h, fac } = debate();
    h.ok({ type: 'queue.pause', groupId: P }, fac);
    const events = h.ok({ type: 'queue.resume', groupId: P }, fac);
    expect(events.map((e) => [e.type, e.data])).toEqual([['queue.resumed', { groupId: P, turn: null }]]);
  });
});

describe('policies and group settings', () => {
  it('a policy for all groups skips the groups in no phase; for one such group it is refused', () => {
    const { h, fac } = debate();
    const events = h.ok({ type: 'queue.policy', groupId: 'all', policy: 'first-time' }, fac);
    expect(events.map((e) => e.data)).toEqual([{ groupId: P, phaseId: 'debate', policy: 'first-time' }]);
    expectRefused(
      h.run({ type: 'queue.policy', groupId: 'ga', policy: 'fcfs' }, fac),
      'invalid_state',
      'Atelier A',
    );
    expectRefused(h.run({ type: 'queue.policy', groupId: 'gz', policy: 'fcfs' }, fac), 'not_found', 'gz');
  });

  it('group settings log only what was given', () => {
    const { h, fac } = debate();
    const [onlyTurn] = h.ok({ type: 'queue.settings', groupId: P, turnSec: 45 }, fac);
    expect(onlyTurn!.data).toEqual({ groupId: P, turnSec: 45 });
    const [onlyAdvance] = h.ok({ type: 'queue.settings', groupId: P, autoAdvance: false }, fac);
    expect(onlyAdvance!.data).toEqual({ groupId: P, autoAdvance: false });
    expectRefused(h.run({ type: 'queue.settings', groupId: 'gz', turnSec: 45 }, fac), 'not_found', 'gz');
  });
});

describe('naming the wrong group or member', () => {
  it('every queue and turn command refuses an unknown group, naming it', () => {
    const { h, fac, ana } = debate();
    const commands = [
      { type: 'queue.move', groupId: 'gz', memberId: ana.memberId, position: 0 },
      { type: 'queue.remove', groupId: 'gz', memberId: ana.memberId },
      { type: 'queue.clear', groupId: 'gz' },
      { type: 'queue.pause', groupId: 'gz' },
      { type: 'queue.resume', groupId: 'gz' },
      { type: 'turn.extend', groupId: 'gz', turnId: 't1', seconds: 30 },
      { type: 'turn.end', groupId: 'gz', turnId: 't1' },
    ] as const;
    for (const command of commands) expectRefused(h.run(command, fac), 'not_found', 'gz');
    expectRefused(
      h.run({ type: 'turn.expire', groupId: 'gz', turnId: 't1' }, { kind: 'system' }),
      'not_found',
      'gz',
    );
  });

  it('lowering, removing or skipping a hand that is not raised is refused while others wait', () => {
    const { h, fac, ana, ben, cleo } = debate();
    h.ok({ type: 'hand.raise' }, ana);
    expectRefused(h.run({ type: 'hand.lower' }, ben), 'invalid_state');
    expectRefused(
      h.run({ type: 'queue.remove', groupId: P, memberId: cleo.memberId }, fac),
      'not_found',
      cleo.memberId,
    );
    expect(h.state.groups[P]!.queue.entries.map((e) => e.memberId)).toEqual([ana.memberId]);
  });

  it('skipping a reply moves it back in the reply lane, whoever is first in the queue', () => {
    const { h, fac, ana, ben, cleo, dan, order } = debate();
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    h.ok({ type: 'hand.raise' }, dan);
    h.ok({ type: 'hand.raise', kind: 'reply' }, ben);
    h.ok({ type: 'hand.raise', kind: 'reply' }, cleo);
    h.ok({ type: 'queue.skip', groupId: P, memberId: ben.memberId, position: 0 }, fac);
    expect(order()).toEqual(['Cléo:reply', 'Ben:reply', 'Dan:normal']);
  });

  it('the floor given by name to someone without a hand is a normal turn, whatever hands are up', () => {
    const { h, fac, ana, ben, cleo } = debate();
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    h.ok({ type: 'hand.raise', kind: 'reply' }, ben);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P), memberId: cleo.memberId }, fac);
    expect(h.state.groups[P]!.queue.turn).toMatchObject({ memberId: cleo.memberId, kind: 'normal' });
  });
});
