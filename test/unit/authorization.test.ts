import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, commandSchema } from '../../shared/session/commands.js';
import type { Command, CommandType } from '../../shared/session/commands.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import type { Role } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';
import { versionRecord } from '../helpers/domain.js';

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
  'member.erase': [],
  'group.create': ['facilitator'],
  'group.rename': ['facilitator'],
  'group.close': ['facilitator'],
  'projector.follow': ['facilitator'],
  'chat.post': ['facilitator', 'participant'],
  'chat.hide': ['facilitator'],
  'invite.issue': ['system'],
  'invite.revoke': ['facilitator'],
  'phase.goto': ['facilitator'],
  'hand.raise': ['participant'],
  'hand.lower': ['participant'],
  'floor.give': ['facilitator'],
  'turn.extend': ['facilitator'],
  'turn.end': ['facilitator'],
  'turn.yield': ['participant'],
  'turn.expire': ['system'],
  'turns.expire': ['system'],
  'presence.enter': ['system'],
  'presence.leave': ['system'],
  'outage.recover': ['system'],
  'queue.skip': ['facilitator'],
  'queue.move': ['facilitator'],
  'queue.remove': ['facilitator'],
  'queue.clear': ['facilitator'],
  'queue.pause': ['facilitator'],
  'queue.resume': ['facilitator'],
  'queue.policy': ['facilitator'],
  'queue.settings': ['facilitator'],
  'attributes.set': ['facilitator'],
  'draw.make': ['facilitator'],
  'harvest.collect': ['facilitator'],
  'vote.open': ['facilitator'],
  'ballot.cast': ['participant'],
  'vote.close': ['facilitator'],
  'editing.set': ['facilitator'],
  'document.record': ['system'],
  'floor.mode': ['facilitator'],
  'microphone.set': ['facilitator'],
};

/**
 * What each relative command carries of what its sender saw (see shared/session/expectations.ts), written out
 * by hand like the rights above: a new relative command must say what it expects. null: the command is
 * absolute (or idempotent) and carries no expectation.
 */
const EXPECTATION: Record<CommandType, 'from' | 'turnId' | 'position' | null> = {
  ...(Object.fromEntries(COMMAND_TYPES.map((t) => [t, null])) as Record<CommandType, null>),
  'phase.goto': 'from', // required with to: 'next' | 'previous'
  'floor.give': 'turnId',
  'turn.extend': 'turnId',
  'turn.end': 'turnId',
  'turn.yield': 'turnId',
  // A skip names the row it saw (with its member): a second skip of the same row comes too late.
  'queue.skip': 'position',
  // Timers and the transport name the turn they act on, like every relative command.
  'turn.expire': 'turnId',
};

type Setup = ReturnType<typeof setup>;

/** What must hold before a command can succeed (a raised hand, a running turn…), done by a facilitator. */
const PREPARE: Partial<Record<CommandType, (s: Setup) => void>> = {
  'hand.lower': ({ h, actors }) => h.ok({ type: 'hand.raise' }, actors.participant),
  'turn.yield': ({ h, actors }) =>
    h.ok(
      { type: 'floor.give', groupId: PLENARY_ID, memberId: actors.participant.memberId, turnId: h.turn() },
      actors.facilitator,
    ),
  'turn.expire': ({ h }) => h.advance(10 * 60_000),
  'turns.expire': ({ h }) => h.advance(10 * 60_000),
  'outage.recover': ({ h }) => h.advance(10_000),
  'queue.resume': ({ h, actors }) => h.ok({ type: 'queue.pause', groupId: PLENARY_ID }, actors.facilitator),
  'vote.open': votePhase,
  'chat.hide': ({ h, actors }) =>
    h.ok({ type: 'chat.post', channel: 'group', text: 'Hors sujet' }, actors.participant),
  'ballot.cast': (s) => openVote(votePhase(s)),
  'vote.close': (s) => openVote(votePhase(s)),
};

/** Votes need a live plenary in a voting phase, and (to cast or close) an open vote. */
function votePhase(s: Setup): Setup {
  const phase = s.h.state.agenda.find((p) => p.capabilities.voting)!;
  s.h.ok({ type: 'phase.goto', groupId: PLENARY_ID, to: { phaseId: phase.id } }, s.actors.facilitator);
  return s;
}

function openVote({ h, actors }: Setup): void {
  const items = [{ title: 'Plus de bancs' }];
  h.ok({ type: 'vote.open', method: { kind: 'approval' }, items, secret: false }, actors.facilitator);
}

/** A valid example of each command, for a fresh session built by `setup`. */
function sample(
  type: CommandType,
  ids: {
    participant: string;
    waiting: string;
    turnId: string;
    voteId: string;
    itemId: string;
    /** A moment during the running turn: the start of an outage. */
    downSince: number;
    /** A chat message posted by the participant. */
    messageId: string;
  },
): Command {
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
    'member.erase': { type: 'member.erase', memberId: ids.participant },
    'group.create': { type: 'group.create', name: 'Nouveau groupe' },
    'group.rename': { type: 'group.rename', groupId: 'ga', name: 'Renommé' },
    'group.close': { type: 'group.close', groupId: 'ga' },
    'projector.follow': { type: 'projector.follow', groupId: 'ga' },
    'chat.post': { type: 'chat.post', channel: 'group', text: 'Bonjour' },
    'chat.hide': { type: 'chat.hide', messageId: ids.messageId },
    'invite.issue': {
      type: 'invite.issue',
      inviteId: 'iAbc',
      role: 'participant',
      expiresAt: 1_900_000_000_000,
      issuedBy: 'admin',
    },
    'invite.revoke': { type: 'invite.revoke', inviteId: 'iAbc' },
    'phase.goto': { type: 'phase.goto', groupId: 'all', to: 'first' },
    'hand.raise': { type: 'hand.raise' },
    'hand.lower': { type: 'hand.lower' },
    'floor.give': { type: 'floor.give', groupId: PLENARY_ID, turnId: ids.turnId },
    'turn.extend': { type: 'turn.extend', groupId: PLENARY_ID, turnId: ids.turnId, seconds: 60 },
    'turn.end': { type: 'turn.end', groupId: PLENARY_ID, turnId: ids.turnId },
    'turn.yield': { type: 'turn.yield', turnId: ids.turnId },
    'turn.expire': { type: 'turn.expire', groupId: PLENARY_ID, turnId: ids.turnId },
    'turns.expire': { type: 'turns.expire', turns: [{ groupId: PLENARY_ID, turnId: ids.turnId }] },
    'presence.enter': { type: 'presence.enter', memberId: ids.participant },
    'presence.leave': { type: 'presence.leave', memberId: ids.participant, reason: 'left' },
    'outage.recover': { type: 'outage.recover', downSince: ids.downSince },
    'queue.skip': { type: 'queue.skip', groupId: PLENARY_ID, memberId: ids.waiting, position: 0 },
    'queue.move': { type: 'queue.move', groupId: PLENARY_ID, memberId: ids.waiting, position: 1 },
    'queue.remove': { type: 'queue.remove', groupId: PLENARY_ID, memberId: ids.waiting },
    'queue.clear': { type: 'queue.clear', groupId: PLENARY_ID },
    'queue.pause': { type: 'queue.pause', groupId: PLENARY_ID },
    'queue.resume': { type: 'queue.resume', groupId: PLENARY_ID },
    'queue.policy': { type: 'queue.policy', groupId: 'all', policy: 'least-time' },
    'queue.settings': { type: 'queue.settings', groupId: PLENARY_ID, autoAdvance: false, turnSec: 90 },
    'attributes.set': { type: 'attributes.set', members: { [ids.participant]: { age: '18-25' } } },
    'draw.make': { type: 'draw.make', groups: { count: 1 }, seed: 'abc' },
    'harvest.collect': { type: 'harvest.collect' },
    'vote.open': { type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'Plus de bancs' }] },
    'ballot.cast': { type: 'ballot.cast', voteId: ids.voteId, ballot: { [ids.itemId]: true } },
    'vote.close': { type: 'vote.close', voteId: ids.voteId },
    'editing.set': { type: 'editing.set', groupId: 'ga', mode: 'open' },
    'document.record': versionRecord('ga', 'ver1', [], { trigger: 1 }),
    'floor.mode': { type: 'floor.mode', groupId: 'ga', mode: 'open' },
    'microphone.set': { type: 'microphone.set', on: true },
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
  h.ok({ type: 'floor.give', groupId: PLENARY_ID, turnId: null }, facilitator);
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
        const ready = setup(/^(hand|floor|turns?|queue|outage)\./.test(type));
        const { h, actors } = ready;
        PREPARE[type]?.(ready);
        const command = sample(type, {
          participant: actors.participant.memberId,
          waiting: ready.waiting,
          turnId: h.state.groups[PLENARY_ID]!.queue.turn?.turnId ?? 'none',
          voteId: h.state.votes[0]?.id ?? 'none',
          itemId: h.state.votes[0]?.items[0]?.id ?? 'none',
          downSince: h.now - 5000,
          messageId: h.state.chat?.[0]?.id ?? 'none',
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

  describe('relative commands and what their sender saw', () => {
    const relative = COMMAND_TYPES.filter((t) => EXPECTATION[t] !== null);

    it('names the expectation of each relative command', () => {
      expect(relative.sort()).toEqual(
        [
          'floor.give',
          'phase.goto',
          'queue.skip',
          'turn.end',
          'turn.expire',
          'turn.extend',
          'turn.yield',
        ].sort(),
      );
    });

    for (const type of relative) {
      const field = EXPECTATION[type]!;
      const issuer = EXPECTED[type][0]!;
      const prepared = () => {
        const ready = setup(true);
        PREPARE[type]?.(ready);
        const { h, actors } = ready;
        const current = h.state.groups[PLENARY_ID]!.queue.turn?.turnId ?? 'none';
        const command: Command =
          type === 'phase.goto'
            ? { type: 'phase.goto', groupId: 'all', to: 'next', from: h.seen('all') }
            : sample(type, {
                participant: '',
                waiting: ready.waiting,
                turnId: current,
                voteId: '',
                itemId: '',
                downSince: 0,
                messageId: '',
              });
        return { h, actor: actors[issuer], command };
      };

      it(`${type} by ${issuer} is accepted with the ${field} it saw`, () => {
        const { h, actor, command } = prepared();
        expect(h.run(command, actor)).toMatchObject({ ok: true });
      });

      it(`${type} by ${issuer} with a ${field} that is no longer true: refused, nothing changes`, () => {
        const { h, actor, command } = prepared();
        const before = h.state.version;
        const staleValue = type === 'phase.goto' ? 'p1' : field === 'position' ? 1 : 'gone';
        const stale = { ...command, [field]: staleValue } as Command;
        const decision = h.run(stale, actor);
        // Timers and the transport are refused quietly (invalid_state): their expiry simply lost the race.
        const code = issuer === 'system' ? 'invalid_state' : 'conflict';
        expect(decision).toMatchObject({ ok: false, error: { code } });
        expect(h.state.version).toBe(before);
      });

      it(`${type} without ${field} is a bad request`, () => {
        const { h, actor, command } = prepared();
        const { [field]: _dropped, ...bare } = command as unknown as Record<string, unknown>;
        const parsed = commandSchema.safeParse(bare);
        if (parsed.success) {
          // phase.goto: from is optional for absolute targets; decide asks for it with next/previous.
          expect(h.run(parsed.data, actor)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
        } else {
          expect(parsed.error.issues.map((i) => i.path.join('.'))).toContain(field);
        }
      });
    }
  });

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
