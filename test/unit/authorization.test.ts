import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES } from '../../shared/session/commands.js';
import type { Command, CommandType } from '../../shared/session/commands.js';
import type { Actor, Role } from '../../shared/session/types.js';
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
  'attributes.set': ['facilitator'],
  'draw.make': ['facilitator'],
  'draft.record': ['system'],
  'harvest.collect': ['facilitator'],
  'vote.open': ['facilitator'],
  'ballot.cast': ['participant'],
  'vote.close': ['facilitator'],
};

/** A valid example of each command, for a fresh session built by `setup`. */
function sample(type: CommandType, ids: { participant: string; voteId: string; itemId: string }): Command {
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
    'attributes.set': { type: 'attributes.set', members: { [ids.participant]: { age: '18-25' } } },
    'draw.make': { type: 'draw.make', groups: { count: 1 }, seed: 'abc' },
    'draft.record': { type: 'draft.record', groupId: 'ga', versionId: 'ver1', recommendations: [] },
    'harvest.collect': { type: 'harvest.collect' },
    'vote.open': { type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'Plus de bancs' }] },
    'ballot.cast': { type: 'ballot.cast', voteId: ids.voteId, ballot: { [ids.itemId]: true } },
    'vote.close': { type: 'vote.close', voteId: ids.voteId },
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

/** Votes need a live plenary in a voting phase, and (to cast or close) an open vote. */
function prepare(h: DomainHarness, type: CommandType, facilitator: Actor) {
  if (type !== 'vote.open' && type !== 'ballot.cast' && type !== 'vote.close')
    return { voteId: 'v', itemId: 'i' };
  const phase = h.state.agenda.find((p) => p.capabilities.voting)!;
  h.ok({ type: 'phase.goto', groupId: 'plenary', to: { phaseId: phase.id } }, facilitator);
  if (type === 'vote.open') return { voteId: 'v', itemId: 'i' };
  const items = [{ title: 'Plus de bancs' }];
  h.ok({ type: 'vote.open', method: { kind: 'approval' }, items, secret: false }, facilitator);
  const vote = h.state.votes[0]!;
  return { voteId: vote.id, itemId: vote.items[0]!.id };
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
        const ids = prepare(h, type, actors.facilitator);
        const command = sample(type, { participant: actors.participant.memberId, ...ids });
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
