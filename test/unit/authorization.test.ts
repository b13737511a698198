import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES } from '../../shared/session/commands.js';
import type { Command, CommandType } from '../../shared/session/commands.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import type { Role } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';

/**
 * The authorisation matrix: every command, for every role. The expected table is written out here by hand,
 * independently of the specs in decide, so a change of rights shows up as a failing cell.
 */
type Who = Role | 'system';
const EXPECTED: Record<CommandType, readonly Who[]> = {
  'session.start': ['facilitator'],
  'session.end': ['facilitator'],
  'settings.update': ['facilitator'],
  'agenda.set': ['facilitator'],
  'announcement.make': ['facilitator'],
  'member.join': ['system'],
  'member.rename': ['facilitator', 'participant'],
  'member.remove': ['facilitator'],
  'member.move': ['facilitator'],
  'group.create': ['facilitator'],
  'group.rename': ['facilitator'],
  'group.close': ['facilitator'],
  'phase.goto': ['facilitator'],
  'hand.raise': ['participant'],
  'hand.lower': ['participant'],
  'floor.give': ['facilitator'],
  'turn.extend': ['facilitator'],
  'turn.end': ['facilitator'],
  'turn.yield': ['participant'],
  'turn.expire': ['system'],
  'turns.expire': ['system'],
  'turn.drop': ['system'],
  'queue.skip': ['facilitator'],
  'queue.move': ['facilitator'],
  'queue.remove': ['facilitator'],
  'queue.clear': ['facilitator'],
  'queue.pause': ['facilitator'],
  'queue.resume': ['facilitator'],
  'queue.policy': ['facilitator'],
  'queue.settings': ['facilitator'],
  'editing.set': ['facilitator'],
  'document.record': ['system'],
};

type Setup = ReturnType<typeof setup>;

/** What must hold before a command can succeed (a raised hand, a running turn…), done by a facilitator. */
const PREPARE: Partial<Record<CommandType, (s: Setup) => void>> = {
  'hand.lower': ({ h, actors }) => h.ok({ type: 'hand.raise' }, actors.participant),
  'turn.yield': ({ h, actors }) =>
    h.ok(
      { type: 'floor.give', groupId: PLENARY_ID, memberId: actors.participant.memberId },
      actors.facilitator,
    ),
  'turn.expire': ({ h }) => h.advance(10 * 60_000),
  'turns.expire': ({ h }) => h.advance(10 * 60_000),
  'turn.drop': ({ h, actors }) => h.ok({ type: 'settings.update', speakerDrop: 'end' }, actors.facilitator),
  'queue.resume': ({ h, actors }) => h.ok({ type: 'queue.pause', groupId: PLENARY_ID }, actors.facilitator),
};

/** A valid example of each command, for a fresh session built by `setup`. */
function sample(type: CommandType, ids: { participant: string; waiting: string; turnId: string }): Command {
  const samples: { [K in CommandType]: Extract<Command, { type: K }> } = {
    'session.start': { type: 'session.start' },
    'session.end': { type: 'session.end' },
    'settings.update': { type: 'settings.update', crossGroupReading: false },
    'agenda.set': { type: 'agenda.set', agenda: [{ kind: 'debate', durationSec: 600 }] },
    'announcement.make': { type: 'announcement.make', text: 'Bonjour' },
    'member.join': { type: 'member.join', name: 'New', role: 'participant' },
    'member.rename': { type: 'member.rename', name: 'Renamed' },
    'member.remove': { type: 'member.remove', memberId: ids.participant },
    'member.move': { type: 'member.move', memberId: ids.participant, groupId: 'ga' },
    'group.create': { type: 'group.create', name: 'Nouveau groupe' },
    'group.rename': { type: 'group.rename', groupId: 'ga', name: 'Renommé' },
    'group.close': { type: 'group.close', groupId: 'ga' },
    'phase.goto': { type: 'phase.goto', groupId: 'all', to: 'first' },
    'hand.raise': { type: 'hand.raise' },
    'hand.lower': { type: 'hand.lower' },
    'floor.give': { type: 'floor.give', groupId: PLENARY_ID },
    'turn.extend': { type: 'turn.extend', groupId: PLENARY_ID, seconds: 60 },
    'turn.end': { type: 'turn.end', groupId: PLENARY_ID },
    'turn.yield': { type: 'turn.yield' },
    'turn.expire': { type: 'turn.expire', groupId: PLENARY_ID, turnId: ids.turnId },
    'turns.expire': { type: 'turns.expire', turns: [{ groupId: PLENARY_ID, turnId: ids.turnId }] },
    'turn.drop': { type: 'turn.drop', groupId: PLENARY_ID, turnId: ids.turnId },
    'queue.skip': { type: 'queue.skip', groupId: PLENARY_ID },
    'queue.move': { type: 'queue.move', groupId: PLENARY_ID, memberId: ids.waiting, position: 1 },
    'queue.remove': { type: 'queue.remove', groupId: PLENARY_ID, memberId: ids.waiting },
    'queue.clear': { type: 'queue.clear', groupId: PLENARY_ID },
    'queue.pause': { type: 'queue.pause', groupId: PLENARY_ID },
    'queue.resume': { type: 'queue.resume', groupId: PLENARY_ID },
    'queue.policy': { type: 'queue.policy', groupId: 'all', policy: 'least-time' },
    'queue.settings': { type: 'queue.settings', groupId: PLENARY_ID, autoAdvance: false, turnSec: 90 },
    'editing.set': { type: 'editing.set', groupId: 'ga', mode: 'open' },
    'document.record': {
      type: 'document.record',
      groupId: 'ga',
      trigger: 1,
      phaseId: null,
      update: 'AAA=',
      bytes: 2,
      recommendations: 0,
    },
  };
  return samples[type];
}

function setup(speaking = false) {
  const h = new DomainHarness();
  const facilitator = h.join('F', 'facilitator');
  const participant = h.join('P', 'participant');
  const observer = h.join('O', 'observer');
  h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, facilitator);
  if (!speaking) {
    return {
      h,
      waiting: '',
      actors: { facilitator, participant, observer, system: { kind: 'system' } as const },
    };
  }
  // A debate (the queue is open) where R has the floor and Q then S wait.
  const [q, r, s] = [h.join('Q', 'participant'), h.join('R', 'participant'), h.join('S', 'participant')];
  h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p3' } }, facilitator);
  for (const who of [r, q, s]) h.ok({ type: 'hand.raise' }, who);
  h.ok({ type: 'floor.give', groupId: PLENARY_ID }, facilitator);
  return {
    h,
    waiting: q.memberId,
    actors: { facilitator, participant, observer, system: { kind: 'system' } as const },
  };
}

describe('authorisation matrix', () => {
  it('covers every command', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...COMMAND_TYPES].sort());
  });

  for (const type of COMMAND_TYPES) {
    for (const who of ['facilitator', 'participant', 'observer', 'system'] as const) {
      const allowed = EXPECTED[type].includes(who);
      it(`${type} by ${who}: ${allowed ? 'allowed' : 'forbidden'}`, () => {
        const ready = setup(/^(hand|floor|turns?|queue)\./.test(type));
        const { h, actors } = ready;
        PREPARE[type]?.(ready);
        const command = sample(type, {
          participant: actors.participant.memberId,
          waiting: ready.waiting,
          turnId: h.state.groups[PLENARY_ID]!.queue.turn?.turnId ?? 'none',
        });
        const before = h.state.version;
        const decision = h.run(command, actors[who]);
        if (allowed) {
          expect(decision).toMatchObject({ ok: true });
        } else {
          expect(decision).toMatchObject({ ok: false, error: { code: 'forbidden' } });
          expect(h.state.version).toBe(before);
        }
      });
    }
  }

  it('observers are told they are read-only', () => {
    const { h, actors } = setup();
    const decision = h.run({ type: 'member.rename', name: 'x' }, actors.observer);
    expect(decision).toEqual({ ok: false, error: { code: 'forbidden', message: 'observers are read-only' } });
  });

  it('someone who is not a member is refused before anything else', () => {
    const { h } = setup();
    const decision = h.run({ type: 'session.end' }, { kind: 'member', memberId: 'ghost' });
    expect(decision).toMatchObject({ ok: false, error: { code: 'not_member' } });
  });
});
