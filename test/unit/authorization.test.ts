import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES } from '../../shared/session/commands.js';
import type { Command, CommandType } from '../../shared/session/commands.js';
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
  'editing.set': ['facilitator'],
  'document.record': ['system'],
};

/** A valid example of each command, for a fresh session built by `setup`. */
function sample(type: CommandType, ids: { participant: string }): Command {
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

function setup() {
  const h = new DomainHarness();
  const facilitator = h.join('F', 'facilitator');
  const participant = h.join('P', 'participant');
  const observer = h.join('O', 'observer');
  h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, facilitator);
  return { h, actors: { facilitator, participant, observer, system: { kind: 'system' } as const } };
}

describe('authorisation matrix', () => {
  it('covers every command', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...COMMAND_TYPES].sort());
  });

  for (const type of COMMAND_TYPES) {
    for (const who of ['facilitator', 'participant', 'observer', 'system'] as const) {
      const allowed = EXPECTED[type].includes(who);
      it(`${type} by ${who}: ${allowed ? 'allowed' : 'forbidden'}`, () => {
        const { h, actors } = setup();
        const command = sample(type, { participant: actors.participant.memberId });
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
