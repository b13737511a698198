import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/session/commands.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { audibleIn, floorMode, listenersOf, mayBeHeard } from '../../shared/session/voice/audible.js';
import { checkSignal } from '../../shared/session/voice/signalling.js';
import { DomainHarness } from '../helpers/domain.js';

const P = PLENARY_ID;

/** A live debate (queue open) with a facilitator, three participants, an observer and a breakout group `ga`. */
function room() {
  const h = new DomainHarness([
    { kind: 'welcome', durationSec: 600 },
    { id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 120 },
  ]);
  const fac = h.join('Fatou', 'facilitator');
  const [a, b, c] = ['Ana', 'Ben', 'Cléo'].map((n) => h.join(n, 'participant')) as [
    ReturnType<DomainHarness['join']>,
    ReturnType<DomainHarness['join']>,
    ReturnType<DomainHarness['join']>,
  ];
  const obs = h.join('Olga', 'observer');
  h.ok({ type: 'group.create', name: 'Mobilités', groupId: 'ga' }, fac);
  h.ok({ type: 'session.start' }, fac);
  h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'debate' } }, fac);
  h.ok({ type: 'queue.settings', groupId: P, autoAdvance: false }, fac);
  const give = (who: { memberId: string }, groupId = P) =>
    h.ok({ type: 'floor.give', groupId, memberId: who.memberId, turnId: h.turn(groupId) }, fac);
  return { h, fac, a, b, c, obs, give };
}

describe('who may be heard', () => {
  it('nobody before anyone has the floor; then the floor holder alone, following the floor', () => {
    const { h, fac, a, b, give } = room();
    expect(audibleIn(h.state, P)).toEqual([]);
    give(a);
    expect(audibleIn(h.state, P)).toEqual([a.memberId]);
    expect(mayBeHeard(h.state, a.memberId)).toBe(true);
    expect(mayBeHeard(h.state, b.memberId)).toBe(false);
    give(b);
    expect(audibleIn(h.state, P)).toEqual([b.memberId]);
    expect(mayBeHeard(h.state, a.memberId)).toBe(false);
    h.ok({ type: 'turn.end', groupId: P, turnId: h.running(P) }, fac);
    expect(audibleIn(h.state, P)).toEqual([]);
  });

  it('a paused turn is silent, and speaks again when the queue resumes', () => {
    const { h, fac, a, give } = room();
    give(a);
    h.ok({ type: 'queue.pause', groupId: P }, fac);
    expect(audibleIn(h.state, P)).toEqual([]);
    h.ok({ type: 'queue.resume', groupId: P }, fac);
    expect(audibleIn(h.state, P)).toEqual([a.memberId]);
  });

  it('an expired turn is silent', () => {
    const { h, a, give } = room();
    give(a);
    h.advance(121_000);
    h.ok({ type: 'turn.expire', groupId: P, turnId: h.running(P) }, { kind: 'system' });
    expect(audibleIn(h.state, P)).toEqual([]);
  });

  it('a facilitator is heard in their group while their microphone is on, besides the floor holder', () => {
    const { h, fac, a, give } = room();
    h.ok({ type: 'microphone.set', on: true }, fac);
    expect(audibleIn(h.state, P)).toEqual([fac.memberId]);
    expect(audibleIn(h.state, 'ga')).toEqual([]);
    give(a);
    expect(audibleIn(h.state, P)).toEqual([a.memberId, fac.memberId]);
    h.ok({ type: 'microphone.set', on: false }, fac);
    expect(audibleIn(h.state, P)).toEqual([a.memberId]);
    // Moved to a breakout, the facilitator is heard there, not in the plenary.
    h.ok({ type: 'microphone.set', on: true }, fac);
    h.ok({ type: 'member.move', memberId: fac.memberId, groupId: 'ga' }, fac);
    expect(audibleIn(h.state, 'ga')).toEqual([fac.memberId]);
    expect(audibleIn(h.state, P)).toEqual([a.memberId]);
  });

  it('a microphone switched on twice is one fact; only facilitators have one', () => {
    const { h, fac, a } = room();
    expect(h.ok({ type: 'microphone.set', on: true }, fac)).toHaveLength(1);
    expect(h.ok({ type: 'microphone.set', on: true }, fac)).toHaveLength(0);
    const refused = h.run({ type: 'microphone.set', on: true }, a);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('an open discussion lets every participant of the group be heard, never observers or other groups', () => {
    const { h, fac, a, b, c, obs } = room();
    h.ok({ type: 'member.move', memberId: c.memberId, groupId: 'ga' }, fac);
    h.ok({ type: 'floor.mode', groupId: P, mode: 'open' }, fac);
    expect(floorMode(h.state, P)).toBe('open');
    expect(audibleIn(h.state, P)).toEqual([a.memberId, b.memberId]);
    expect(mayBeHeard(h.state, obs.memberId)).toBe(false);
    expect(mayBeHeard(h.state, c.memberId)).toBe(false);
    expect(audibleIn(h.state, 'ga')).toEqual([]);
    h.ok({ type: 'floor.mode', groupId: 'ga', mode: 'open' }, fac);
    expect(audibleIn(h.state, 'ga')).toEqual([c.memberId]);
    h.ok({ type: 'floor.mode', groupId: P, mode: 'queue' }, fac);
    expect(floorMode(h.state, P)).toBe('queue');
    expect(audibleIn(h.state, P)).toEqual([]);
    // Back in `queue` mode the state holds nothing for the plenary: like a group that never left it.
    expect(h.state.voice?.floorModes).toEqual({ ga: 'open' });
  });

  it('an open discussion waits for the session to be live', () => {
    const h = new DomainHarness();
    const fac = h.join('F', 'facilitator');
    const a = h.join('A', 'participant');
    h.ok({ type: 'floor.mode', groupId: P, mode: 'open' }, fac);
    expect(audibleIn(h.state, P)).toEqual([]);
    h.ok({ type: 'session.start' }, fac);
    expect(audibleIn(h.state, P)).toEqual([a.memberId]);
  });

  it('refuses a floor mode for an unknown or closed group', () => {
    const { h, fac } = room();
    expect(h.run({ type: 'floor.mode', groupId: 'nope', mode: 'open' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    h.ok({ type: 'group.close', groupId: 'ga' }, fac);
    expect(h.run({ type: 'floor.mode', groupId: 'ga', mode: 'open' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });

  it('nobody is heard in a closed group or an ended session', () => {
    const { h, fac, a, c, give } = room();
    h.ok({ type: 'member.move', memberId: c.memberId, groupId: 'ga' }, fac);
    h.ok({ type: 'floor.mode', groupId: 'ga', mode: 'open' }, fac);
    h.ok({ type: 'microphone.set', on: true }, fac);
    give(a);
    h.ok({ type: 'group.close', groupId: 'ga' }, fac);
    expect(audibleIn(h.state, 'ga')).toEqual([]);
    h.ok({ type: 'session.end' }, fac);
    expect(audibleIn(h.state, P)).toEqual([]);
    expect(mayBeHeard(h.state, fac.memberId)).toBe(false);
  });

  it('a member moved to another group listens to that group only, and a removed one to none', () => {
    const { h, fac, a, b, c, obs } = room();
    const everyone = [fac, a, b, c, obs].map((m) => m.memberId);
    expect(listenersOf(h.state, P)).toEqual(everyone);
    h.ok({ type: 'member.move', memberId: b.memberId, groupId: 'ga' }, fac);
    expect(listenersOf(h.state, 'ga')).toEqual([b.memberId]);
    expect(listenersOf(h.state, P)).not.toContain(b.memberId);
    h.ok({ type: 'member.remove', memberId: c.memberId }, fac);
    expect(listenersOf(h.state, P)).not.toContain(c.memberId);
  });
});

describe('which signalling the server relays', () => {
  it('carries media only from a member who may be heard, within one group; hanging up always', () => {
    const { h, fac, a, b, c, obs, give } = room();
    const [F, A, B, C, O] = [fac, a, b, c, obs].map((m) => m.memberId) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const code = (from: string, to: string, kind: Parameters<typeof checkSignal>[3]) => {
      const check = checkSignal(h.state, from, to, kind);
      return check.ok ? 'ok' : check.error.code;
    };
    // Nobody may be heard: no offer, no ready, no answer.
    expect(code(A, B, 'offer')).toBe('forbidden');
    expect(code(B, A, 'ready')).toBe('forbidden');
    give(a);
    expect(code(A, B, 'offer')).toBe('ok');
    expect(code(A, O, 'offer')).toBe('ok');
    expect(code(B, A, 'ready')).toBe('ok');
    expect(code(O, A, 'answer')).toBe('ok');
    expect(code(B, A, 'candidate')).toBe('ok');
    expect(code(A, B, 'candidate')).toBe('ok');
    // B is no speaker: he cannot offer, nor reach anyone who is not one.
    expect(code(B, A, 'offer')).toBe('forbidden');
    expect(code(B, O, 'answer')).toBe('forbidden');
    expect(code(B, C, 'candidate')).toBe('forbidden');
    expect(code(O, A, 'offer')).toBe('forbidden');
    // Another group: nothing but bye.
    h.ok({ type: 'member.move', memberId: C, groupId: 'ga' }, fac);
    expect(code(A, C, 'offer')).toBe('forbidden');
    expect(code(A, C, 'bye')).toBe('ok');
    expect(code(A, A, 'offer')).toBe('bad_request');
    expect(code(A, 'nobody', 'offer')).toBe('not_found');
    h.ok({ type: 'member.remove', memberId: B }, fac);
    expect(code(B, A, 'bye')).toBe('not_member');
    expect(code(F, A, 'bye')).toBe('ok');
    h.ok({ type: 'session.end' }, fac);
    expect(code(A, O, 'offer')).toBe('session_ended');
  });
});

/** A random step a facilitator, the participants or the timers may take. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('give' as const), who: fc.nat(2), group: fc.constantFrom(P, 'ga') }),
  fc.record({ kind: fc.constant('end' as const), group: fc.constantFrom(P, 'ga') }),
  fc.record({ kind: fc.constant('pause' as const), group: fc.constantFrom(P, 'ga'), on: fc.boolean() }),
  fc.record({ kind: fc.constant('mode' as const), group: fc.constantFrom(P, 'ga'), open: fc.boolean() }),
  fc.record({ kind: fc.constant('mic' as const), on: fc.boolean() }),
  fc.record({ kind: fc.constant('move' as const), who: fc.nat(4), group: fc.constantFrom(P, 'ga') }),
  fc.record({ kind: fc.constant('raise' as const), who: fc.nat(2) }),
  fc.record({ kind: fc.constant('time' as const), ms: fc.nat(200_000) }),
);

describe('who may be heard, over random sessions', () => {
  it('observers are never heard, every audible member is in the group, and a queue has one voice', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const { h, fac, a, b, c, obs } = room();
        const people = [a, b, c];
        const movable = [fac, a, b, c, obs];
        for (const s of steps) {
          let command: Command;
          if (s.kind === 'give') {
            const who = people[s.who]!;
            command = {
              type: 'floor.give',
              groupId: s.group,
              memberId: who.memberId,
              turnId: h.turn(s.group),
            };
          } else if (s.kind === 'end') {
            const turnId = h.turn(s.group);
            if (!turnId) continue;
            command = { type: 'turn.end', groupId: s.group, turnId };
          } else if (s.kind === 'pause') {
            command = { type: s.on ? 'queue.pause' : 'queue.resume', groupId: s.group };
          } else if (s.kind === 'mode') {
            command = { type: 'floor.mode', groupId: s.group, mode: s.open ? 'open' : 'queue' };
          } else if (s.kind === 'mic') {
            command = { type: 'microphone.set', on: s.on };
          } else if (s.kind === 'move') {
            command = { type: 'member.move', memberId: movable[s.who]!.memberId, groupId: s.group };
          } else if (s.kind === 'raise') {
            h.run({ type: 'hand.raise' }, people[s.who]!);
            continue;
          } else {
            h.advance(s.ms);
            const turns = [P, 'ga'].flatMap((g) => (h.turn(g) ? [{ groupId: g, turnId: h.turn(g)! }] : []));
            if (turns.length > 0) h.run({ type: 'turns.expire', turns }, { kind: 'system' });
            continue;
          }
          h.run(command, fac);

          for (const groupId of [P, 'ga']) {
            const heard = audibleIn(h.state, groupId);
            const members = heard.map((id) => h.state.members[id]!);
            expect(members.every((m) => m.role !== 'observer' && m.groupId === groupId)).toBe(true);
            expect(new Set(heard).size).toBe(heard.length);
            const participants = members.filter((m) => m.role === 'participant');
            const turn = h.state.groups[groupId]!.queue.turn;
            if (floorMode(h.state, groupId) === 'queue') {
              // In a queue, the only participant who may be heard is the one whose turn is running.
              const running = turn && turn.runningSince !== null ? [turn.memberId] : [];
              expect(participants.map((m) => m.id).every((id) => running.includes(id))).toBe(true);
            }
            const facilitators = members.filter((m) => m.role === 'facilitator');
            expect(facilitators.every((m) => h.state.voice?.microphones[m.id] === true)).toBe(true);
            for (const id of heard) expect(mayBeHeard(h.state, id)).toBe(true);
          }
          expect(mayBeHeard(h.state, obs.memberId)).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });
});
