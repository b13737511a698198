import { describe, expect, it } from 'vitest';
import { heldMs, remainingMs, turnLengthMs } from '../../shared/session/floor/turns.js';
import type { Turn } from '../../shared/session/floor/types.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness, expectRefused } from '../helpers/domain.js';

/**
 * Turns, rule by rule (shared/session/floor): giving the floor, lengths, extending, ending, yielding,
 * expiring, and what the room does to a turn. Beside the stories of speakingQueue.test.ts; written from the
 * survivors of `npm run mutate -- turns`.
 */

const P = PLENARY_ID;
const system = { kind: 'system' } as const;

/** A debate in the plenary (2-minute turns), a facilitator, three participants and an observer. */
function debate(settings: { speakerDrop?: 'keep' | 'end'; autoAdvance?: boolean } = {}) {
  const h = new DomainHarness([
    { kind: 'welcome', durationSec: 600 },
    { id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 120 },
    { id: 'open', kind: 'debate', durationSec: 3600 },
    { id: 'vote', kind: 'vote', durationSec: 600 },
  ]);
  const fac = h.join('Fatou', 'facilitator');
  h.ok({ type: 'group.create', name: 'Atelier A', groupId: 'ga' }, fac);
  const [ana, ben, cleo] = ['Ana', 'Ben', 'Cléo'].map((n) => h.join(n, 'participant')) as [
    ReturnType<DomainHarness['join']>,
    ReturnType<DomainHarness['join']>,
    ReturnType<DomainHarness['join']>,
  ];
  const obs = h.join('Olga', 'observer');
  if (Object.keys(settings).length > 0) h.ok({ type: 'settings.update', ...settings }, fac);
  h.ok({ type: 'phase.goto', groupId: P, to: { phaseId: 'debate' } }, fac);
  const turn = () => h.state.groups[P]!.queue.turn;
  const give = (who: { memberId: string }) =>
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P), memberId: who.memberId }, fac);
  return { h, fac, ana, ben, cleo, obs, turn, give };
}

describe('giving the floor', () => {
  it('to someone named: a raised reply keeps its kind, anyone else speaks a normal turn', () => {
    const { h, fac, ana, ben, cleo, turn, give } = debate();
    give(ana);
    expect(turn()).toMatchObject({ memberId: ana.memberId, kind: 'normal' });
    h.ok({ type: 'hand.raise', kind: 'reply' }, ben);
    give(ben);
    expect(turn()).toMatchObject({ memberId: ben.memberId, kind: 'reply' });
    expect(turn()!.endsAt! - turn()!.startedAt).toBe(30_000);
    give(cleo);
    expect(turn()).toMatchObject({ memberId: cleo.memberId, kind: 'normal' });
    expectRefused(
      h.run({ type: 'floor.give', groupId: P, turnId: h.turn(P), memberId: cleo.memberId }, fac),
      'invalid_state',
      'already has the floor',
    );
  });

  it('never to an observer, a removed member, a stranger, or a member of another group', () => {
    const { h, fac, ana, ben, obs } = debate();
    const to = (memberId: string) =>
      h.run({ type: 'floor.give', groupId: P, turnId: h.turn(P), memberId }, fac);
    expectRefused(to(obs.memberId), 'invalid_state', 'observers');
    expectRefused(to('m404'), 'not_found', 'm404');
    h.ok({ type: 'member.move', memberId: ben.memberId, groupId: 'ga' }, fac);
    expectRefused(to(ben.memberId), 'invalid_state', 'Ben');
    h.ok({ type: 'member.remove', memberId: ana.memberId }, fac);
    expectRefused(to(ana.memberId), 'not_found', ana.memberId);
    expectRefused(
      h.run({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac),
      'invalid_state',
      'nobody',
    );
  });

  it('a turn lasts the group setting, else the phase setting, else the session setting', () => {
    const { h, fac, ana, ben, turn, give } = debate();
    const length = () => turn()!.endsAt! - turn()!.startedAt;
    give(ana);
    expect(length()).toBe(120_000); // the phase's turnSec
    h.ok({ type: 'queue.settings', groupId: P, turnSec: 45 }, fac);
    give(ben);
    expect(length()).toBe(45_000); // the group's
    h.ok({ type: 'queue.settings', groupId: 'ga', turnSec: 50 }, fac);
    const group = h.state.groups[P]!;
    const phaseless = { ...group, queue: { ...group.queue, turnSec: null }, phase: null };
    expect(turnLengthMs(h.state, phaseless, 'normal')).toBe(120_000); // the session default
    h.ok({ type: 'settings.update', turnSec: 90, replySec: 20 }, fac);
    expect(turnLengthMs(h.state, phaseless, 'normal')).toBe(90_000);
    expect(turnLengthMs(h.state, phaseless, 'reply')).toBe(20_000);
  });
});

describe('extending, ending, yielding', () => {
  it('extending or ending a turn that is over is refused: nobody has the floor now', () => {
    const { h, fac, ana, give } = debate({ autoAdvance: false });
    give(ana);
    const turnId = h.running(P);
    h.ok({ type: 'turn.end', groupId: P, turnId }, fac);
    expectRefused(
      h.run({ type: 'turn.extend', groupId: P, turnId, seconds: 30 }, fac),
      'conflict',
      'nobody has the floor',
    );
    expectRefused(h.run({ type: 'turn.end', groupId: P, turnId }, fac), 'conflict', 'nobody has the floor');
  });

  it('an extension of one second or of ten minutes is fine; a turn may reach one hour, not more', () => {
    const { h, fac, ana, turn, give } = debate();
    give(ana);
    const endsAt = turn()!.endsAt!;
    h.ok({ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds: 1 }, fac);
    h.ok({ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds: 600 }, fac);
    expect(turn()!.endsAt).toBe(endsAt + 601_000);
    expectRefused(
      h.run({ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds: 601 }, fac),
      'bad_request',
      '600',
    );
    // 120 + 601 s so far: up to 3600 s in all.
    for (const seconds of [600, 600, 600, 600]) {
      h.ok({ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds }, fac);
    }
    h.ok({ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds: 479 }, fac);
    expect(remainingMs(turn()!, h.now)).toBe(3_600_000);
    expectRefused(
      h.run({ type: 'turn.extend', groupId: P, turnId: h.running(P), seconds: 1 }, fac),
      'limit_exceeded',
      '60 minutes',
    );
  });

  it('only the speaker yields, and only the turn they hold', () => {
    const { h, ana, ben, give } = debate();
    give(ana);
    const turnId = h.running(P);
    expectRefused(h.run({ type: 'turn.yield', turnId }, ben), 'invalid_state', 'do not have the floor');
    expectRefused(h.run({ type: 'turn.yield', turnId: 'old' }, ana), 'conflict');
    const [ended] = h.ok({ type: 'turn.yield', turnId }, ana);
    expect(ended!.data).toMatchObject({ memberId: ana.memberId, reason: 'yielded' });
  });
});

describe('expiring', () => {
  it('a paused turn does not expire', () => {
    const { h, fac, ana, give } = debate();
    give(ana);
    const turnId = h.running(P);
    h.ok({ type: 'queue.pause', groupId: P }, fac);
    h.advance(600_000);
    expectRefused(h.run({ type: 'turn.expire', groupId: P, turnId }, system), 'invalid_state', 'paused');
  });

  it('a batch naming a group twice expires it once, on the first entry', () => {
    const { h, ana, ben, give } = debate();
    h.ok({ type: 'hand.raise' }, ben);
    give(ana);
    const turnId = h.running(P);
    h.advance(120_000);
    const events = h.ok(
      {
        type: 'turns.expire',
        turns: [
          { groupId: P, turnId },
          { groupId: P, turnId },
        ],
      },
      system,
    );
    // Ana's turn ends and Ben's starts: the second entry does not end Ben's new turn (nor Ana's twice).
    expect(events.map((e) => e.type)).toEqual(['turn.ended', 'turn.started']);
  });

  it('an outage must end after it starts, and is recorded once even when no turn was running', () => {
    const { h } = debate();
    expectRefused(h.run({ type: 'outage.recover', downSince: h.now }, system), 'bad_request');
    const events = h.ok({ type: 'outage.recover', downSince: h.now - 1 }, system);
    expect(events.map((e) => e.type)).toEqual(['service.interrupted']);
    expect(h.state.interruptions).toEqual([{ downSince: h.now - 1, downMs: 1 }]);
    expectRefused(h.run({ type: 'outage.recover', downSince: h.now - 1 }, system), 'invalid_state');
  });
});

describe('held and remaining time', () => {
  const turn = (fields: Partial<Turn>): Turn => ({
    turnId: 't1',
    memberId: 'm1',
    kind: 'normal',
    startedAt: 0,
    endsAt: 60_000,
    runningSince: 0,
    remainingMs: null,
    heldMs: 0,
    downMs: 0,
    ...fields,
  });

  it('held time counts the running stretch up to now, never past the end, plus earlier stretches', () => {
    expect(heldMs(turn({}), 20_000)).toBe(20_000);
    expect(heldMs(turn({}), 90_000)).toBe(60_000);
    expect(heldMs(turn({ heldMs: 5_000, runningSince: 30_000 }), 40_000)).toBe(15_000);
    // Paused: the stretches so far.
    expect(heldMs(turn({ runningSince: null, endsAt: null, remainingMs: 1, heldMs: 7_000 }), 99_000)).toBe(
      7_000,
    );
  });

  it('remaining time is never negative, and a paused turn keeps what it had', () => {
    expect(remainingMs(turn({}), 20_000)).toBe(40_000);
    expect(remainingMs(turn({}), 90_000)).toBe(0);
    expect(remainingMs(turn({ endsAt: null, runningSince: null, remainingMs: 12_000 }), 90_000)).toBe(12_000);
  });
});

describe('what the room does to a turn', () => {
  it('with speakerDrop "end", the speaker losing their last connection loses the floor to the next in line', () => {
    const { h, ana, ben, give } = debate({ speakerDrop: 'end' });
    h.ok({ type: 'presence.enter', memberId: ana.memberId }, system);
    h.ok({ type: 'presence.enter', memberId: ben.memberId }, system);
    h.ok({ type: 'hand.raise' }, ben);
    give(ana);
    h.advance(10_000);
    // Someone else dropping changes nothing.
    expect(
      h.ok({ type: 'presence.leave', memberId: ben.memberId, reason: 'left' }, system).map((e) => e.type),
    ).toEqual(['member.disconnected']);
    const events = h.ok({ type: 'presence.leave', memberId: ana.memberId, reason: 'left' }, system);
    expect(events.map((e) => e.type)).toEqual(['turn.ended', 'turn.started', 'member.disconnected']);
    expect(events[0]!.data).toMatchObject({ memberId: ana.memberId, reason: 'dropped', heldMs: 10_000 });
    expect(events[1]!.data).toMatchObject({ memberId: ben.memberId });
  });

  it('with speakerDrop "keep" (the default), the turn runs on', () => {
    const { h, ana, give } = debate();
    h.ok({ type: 'presence.enter', memberId: ana.memberId }, system);
    give(ana);
    const events = h.ok({ type: 'presence.leave', memberId: ana.memberId, reason: 'left' }, system);
    expect(events.map((e) => e.type)).toEqual(['member.disconnected']);
  });

  it('moving a member to the group they are in changes nothing; moving the speaker ends their turn', () => {
    const { h, fac, ana, ben, give } = debate({ autoAdvance: false });
    h.ok({ type: 'hand.raise' }, ben);
    give(ana);
    h.ok({ type: 'member.move', memberId: ben.memberId, groupId: P }, fac);
    expect(h.state.groups[P]!.queue.entries.map((e) => e.memberId)).toEqual([ben.memberId]);
    const events = h.ok({ type: 'member.move', memberId: ana.memberId, groupId: 'ga' }, fac);
    expect(events.map((e) => e.type)).toEqual(['turn.ended', 'member.moved']);
    expect(events[0]!.data).toMatchObject({ reason: 'left' });
  });

  it('the end of the session ends every running turn and keeps the queues that were open', () => {
    const { h, fac, ana, ben, give } = debate();
    h.ok({ type: 'hand.raise' }, ben);
    give(ana);
    const events = h.ok({ type: 'session.end' }, fac);
    expect(events.map((e) => e.type)).toEqual(['turn.ended', 'session.ended']);
    expect(events[0]!.data).toMatchObject({ memberId: ana.memberId, reason: 'session' });
  });

  it('moving to a phase that keeps the queue ends the turn but keeps the hands', () => {
    const { h, fac, ana, ben, give } = debate();
    h.ok({ type: 'hand.raise' }, ben);
    give(ana);
    const events = h.ok({ type: 'phase.goto', groupId: P, to: { phaseId: 'open' } }, fac);
    expect(events.map((e) => e.type)).toEqual(['turn.ended', 'phase.started']);
    expect(h.state.groups[P]!.queue.entries.map((e) => e.memberId)).toEqual([ben.memberId]);
  });
});

describe('what the log says of an ended turn', () => {
  it('the floor given over a running turn ends it with reason "ended"; no outage, no downMs', () => {
    const { h, ana, ben, give } = debate();
    give(ana);
    h.advance(5_000);
    const [ended] = give(ben);
    expect(ended!.type).toBe('turn.ended');
    expect(ended!.data).toEqual({
      groupId: P,
      turnId: expect.any(String),
      memberId: ana.memberId,
      reason: 'ended',
      heldMs: 5_000,
    });
  });

  it('a hand removed by a facilitator is logged as removed', () => {
    const { h, fac, ben } = debate();
    h.ok({ type: 'hand.raise' }, ben);
    const [removed] = h.ok({ type: 'queue.remove', groupId: P, memberId: ben.memberId }, fac);
    expect(removed!.data).toEqual({ groupId: P, memberId: ben.memberId, reason: 'removed' });
  });
});
