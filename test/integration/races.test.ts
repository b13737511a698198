import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PalabreClient } from '../../client/sdk/palabreClient.js';
import type { CommandAck } from '../../shared/protocol.js';
import type { Command } from '../../shared/session/commands.js';
import type { EventOf, SessionEvent } from '../../shared/session/events.js';
import { seenPhase } from '../../shared/session/phases/expectations.js';
import { seenTurnId } from '../../shared/session/floor/expectations.js';
import { queueOrder } from '../../shared/session/floor/order.js';
import type { PhaseInput } from '../../shared/session/phases/schemas.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import type { SessionState } from '../../shared/session/types.js';
import { uniquePrefix } from '../helpers/redis.js';
import { ADMIN_TOKEN, connectClient } from '../helpers/server.js';
import { spawnPalabre } from '../helpers/spawn.js';
import type { ServerProcess } from '../helpers/spawn.js';

/**
 * Races between people (and timers) acting at the same moment on two real processes sharing a real Redis.
 * Every race is run many times; each time, the two commands are sent in the same tick from clients connected
 * to different processes, after both clients have seen the same state. What must hold every time: exactly
 * one step, and every acknowledgement says what the log ends up holding.
 */
const ROUNDS = 20;
/** The extension race: rounds of groups racing at once (each round is one turn of 2 s per group). */
const EXTEND_ROUNDS = 5;
const EXTEND_GROUPS = 10;
const P = PLENARY_ID;

let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  // Commands come faster than a person clicks here: lift the per-socket rate limit.
  const env = { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: uniquePrefix('races'), COMMAND_RATE: '1000' };
  [a, b] = await Promise.all([spawnPalabre(env), spawnPalabre(env)]);
});

afterAll(async () => {
  await Promise.all([a?.kill(), b?.kill()]);
});

async function api(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = (await response.json()) as { ok: boolean };
  if (!parsed.ok) throw new Error(`${method} ${path}: ${JSON.stringify(parsed)}`);
  return parsed;
}

async function session(agenda: PhaseInput[], groups: { name: string }[] = []) {
  const { session, invites } = await api(a.url, 'POST', '/api/sessions', { title: 'Course', agenda, groups });
  return { id: session.id as string, invites, groupOrder: session.groupOrder as string[] };
}

/** The whole log, read from the other process than the one that created the session. */
async function logOf(sessionId: string): Promise<SessionEvent[]> {
  return (await api(b.url, 'GET', `/api/sessions/${sessionId}/log?format=json`)).events as SessionEvent[];
}

/** Waits until every client has applied at least everything any of them has: they show the same state. */
async function sameScreen(...clients: PalabreClient[]): Promise<void> {
  const version = Math.max(...clients.map((c) => c.state!.version));
  await Promise.all(clients.map((c) => c.waitFor((s) => s.version >= version, 5000)));
}

let races = 0;

/**
 * Sends both commands in the same tick, from clients on (usually) different processes; which one leaves
 * first alternates from one race to the next. The acks come back in the order given.
 */
async function race(
  first: [PalabreClient, Command],
  second: [PalabreClient, Command],
): Promise<CommandAck[]> {
  const send = ([client, command]: [PalabreClient, Command]) => client.command(command);
  if (races++ % 2 === 0) return Promise.all([send(first), send(second)]);
  const [two, one] = await Promise.all([send(second), send(first)]);
  return [one!, two!];
}

const codes = (acks: CommandAck[]) => acks.map((ack) => (ack.ok ? 'ok' : ack.error.code)).sort();

/** Raises the hand of a participant, who must be able to. */
async function raise(client: PalabreClient): Promise<void> {
  expect(await client.command({ type: 'hand.raise' })).toMatchObject({ ok: true });
}

const turnOf = (s: SessionState, groupId = P) => s.groups[groupId]!.queue.turn;

describe('races across two processes sharing Redis', () => {
  it(`two "next phase for all groups" at once, ${ROUNDS} times: one step each time`, async () => {
    const agenda = Array.from({ length: ROUNDS + 2 }, (_, i) => ({
      id: `s${i}`,
      kind: 'custom' as const,
      label: `Étape ${i}`,
      durationSec: 600,
    }));
    const { id, invites } = await session(agenda, [{ name: 'Mobilités' }]);
    const fatou = await connectClient(a.url, { token: invites.facilitator.token, name: 'Fatou' });
    const farid = await connectClient(b.url, { token: invites.facilitator.token, name: 'Farid' });
    expect(await fatou.command({ type: 'phase.goto', groupId: 'all', to: 'first' })).toMatchObject({
      ok: true,
    });
    for (let round = 1; round <= ROUNDS; round++) {
      await sameScreen(fatou, farid);
      const acks = await race(
        [fatou, { type: 'phase.goto', groupId: 'all', to: 'next', from: seenPhase(fatou.state!, 'all') }],
        [farid, { type: 'phase.goto', groupId: 'all', to: 'next', from: seenPhase(farid.state!, 'all') }],
      );
      expect(codes(acks), `round ${round}`).toEqual(['conflict', 'ok']);
      const moved = acks.find((ack) => ack.ok)!;
      const state = await farid.waitFor((s) => s.version >= (moved.ok ? moved.version : Infinity));
      for (const groupId of state.groupOrder) expect(state.groups[groupId]!.phase!.phaseId).toBe(`s${round}`);
    }
    const log = await logOf(id);
    const steps = log.flatMap((e) =>
      e.type === 'phase.started' && e.data.groupId === P ? [e.data.phaseId] : [],
    );
    expect(steps).toEqual(agenda.slice(0, ROUNDS + 1).map((p) => p.id));
  });

  it(`a hand raised on one process as the debate opens on the other, ${ROUNDS} times: taken, never refused on a stale view`, async () => {
    const { invites } = await session([
      { id: 'welcome', kind: 'welcome', durationSec: 600 },
      { id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 600 },
    ]);
    const fatou = await connectClient(a.url, { token: invites.facilitator.token, name: 'Fatou' });
    const ana = await connectClient(b.url, { token: invites.participant.token, name: 'Ana' });
    expect(await fatou.command({ type: 'phase.goto', groupId: 'all', to: 'first' })).toMatchObject({
      ok: true,
    });
    for (let round = 1; round <= ROUNDS; round++) {
      await sameScreen(fatou, ana);
      // The debate opens through process a; the hand is raised through process b the moment that is
      // acknowledged, before b (or Ana's screen) need have heard of it.
      expect(
        await fatou.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'debate' } }),
        `round ${round}`,
      ).toMatchObject({ ok: true });
      expect(await ana.command({ type: 'hand.raise' }), `round ${round}`).toMatchObject({ ok: true });
      // Back to the welcome (its queue closes and the hand goes down) for the next round.
      expect(
        await fatou.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'welcome' }, back: true }),
      ).toMatchObject({ ok: true });
    }
  });

  /** A debate with a long turn: a facilitator on each process and three participants spread over both. */
  async function debate() {
    const { id, invites } = await session([
      { id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 600 },
    ]);
    const fatou = await connectClient(a.url, { token: invites.facilitator.token, name: 'Fatou' });
    const farid = await connectClient(b.url, { token: invites.facilitator.token, name: 'Farid' });
    const people = [
      await connectClient(a.url, { token: invites.participant.token, name: 'Ana' }),
      await connectClient(b.url, { token: invites.participant.token, name: 'Ben' }),
      await connectClient(a.url, { token: invites.participant.token, name: 'Cléo' }),
    ];
    expect(await fatou.command({ type: 'phase.goto', groupId: 'all', to: 'first' })).toMatchObject({
      ok: true,
    });
    for (const person of people) await raise(person);
    const byId = new Map(people.map((p) => [p.memberId!, p]));
    return { id, fatou, farid, people, byId };
  }

  it(`two "give the floor to the next in line" at once, ${ROUNDS} times: nobody gets a 0 ms turn`, async () => {
    const { id, fatou, farid, byId } = await debate();
    const speakers: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      await sameScreen(fatou, farid, ...byId.values());
      const seen = seenTurnId(fatou.state!, P);
      const next = queueOrder(fatou.state!, P)[0]!.memberId;
      const before = turnOf(fatou.state!)?.memberId;
      const acks = await race(
        [fatou, { type: 'floor.give', groupId: P, turnId: seen }],
        [farid, { type: 'floor.give', groupId: P, turnId: seenTurnId(farid.state!, P) }],
      );
      expect(codes(acks), `round ${round}`).toEqual(['conflict', 'ok']);
      const given = acks.find((ack) => ack.ok)!;
      const state = await fatou.waitFor((s) => s.version >= (given.ok ? given.version : Infinity));
      // The next in line has the floor: not the one after them.
      expect(turnOf(state)!.memberId).toBe(next);
      speakers.push(next);
      if (before) await raise(byId.get(before)!);
    }
    const log = await logOf(id);
    const started = log.filter((e): e is EventOf<'turn.started'> => e.type === 'turn.started');
    expect(started.map((e) => e.data.memberId)).toEqual(speakers);
    // Every turn that ended was ended once, by the one accepted "give the floor" that followed it.
    const ended = log.filter((e): e is EventOf<'turn.ended'> => e.type === 'turn.ended');
    expect(ended.map((e) => e.data.turnId)).toEqual(started.slice(0, -1).map((e) => e.data.turnId));
  });

  it(`the speaker yields while a facilitator gives the floor, ${ROUNDS} times: the next in line is not skipped`, async () => {
    const { id, fatou, farid, byId } = await debate();
    expect(await fatou.command({ type: 'floor.give', groupId: P, turnId: null })).toMatchObject({ ok: true });
    let yielded = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      await sameScreen(fatou, farid, ...byId.values());
      const turn = turnOf(farid.state!)!;
      const speaker = byId.get(turn.memberId)!;
      const next = queueOrder(farid.state!, P)[0]!.memberId;
      const acks = await race(
        [speaker, { type: 'turn.yield', turnId: seenTurnId(speaker.state!, P)! }],
        [farid, { type: 'floor.give', groupId: P, turnId: turn.turnId }],
      );
      expect(codes(acks), `round ${round}`).toEqual(['conflict', 'ok']);
      if (acks[0]!.ok) yielded++;
      const won = acks.find((ack) => ack.ok)!;
      const state = await farid.waitFor((s) => s.version >= (won.ok ? won.version : Infinity));
      expect(turnOf(state)!.memberId).toBe(next);
      await raise(speaker);
    }
    // What each acknowledgement said is what the log holds: one end per turn, by the command that won.
    const ended = (await logOf(id)).filter((e): e is EventOf<'turn.ended'> => e.type === 'turn.ended');
    expect(ended).toHaveLength(ROUNDS);
    expect(ended.filter((e) => e.data.reason === 'yielded')).toHaveLength(yielded);
    expect(ended.filter((e) => e.data.reason === 'ended')).toHaveLength(ROUNDS - yielded);
  });

  it(`two facilitators skip the same person at once, ${ROUNDS} times: passed over once each time`, async () => {
    const { id, fatou, farid, byId } = await debate();
    for (let round = 1; round <= ROUNDS; round++) {
      await sameScreen(fatou, farid, ...byId.values());
      const [head, second] = queueOrder(fatou.state!, P).map((e) => e.memberId);
      const skip: Command = { type: 'queue.skip', groupId: P, memberId: head!, position: 0 };
      const acks = await race([fatou, skip], [farid, skip]);
      expect(codes(acks), `round ${round}`).toEqual(['conflict', 'ok']);
      const won = acks.find((ack) => ack.ok)!;
      const state = await farid.waitFor((s) => s.version >= (won.ok ? won.version : Infinity));
      // One place back, not two: the one who was second is first, the one skipped right behind them.
      expect(
        queueOrder(state, P)
          .map((e) => e.memberId)
          .slice(0, 2),
        `round ${round}`,
      ).toEqual([second, head]);
    }
    const moves = (await logOf(id)).filter((e) => e.type === 'queue.moved');
    expect(moves).toHaveLength(ROUNDS);
  });

  it(`ballots changed while the vote closes on the other process, ${ROUNDS} times: counted iff acknowledged`, async () => {
    const { invites } = await session([{ id: 'vote', kind: 'vote', durationSec: 3600 }]);
    const fatou = await connectClient(a.url, { token: invites.facilitator.token, name: 'Fatou' });
    const farid = await connectClient(b.url, { token: invites.facilitator.token, name: 'Farid' });
    // Eight voters on both processes: each round, all of them change their ballot as the vote closes.
    const voters: PalabreClient[] = [];
    for (let i = 0; i < 8; i++) {
      voters.push(
        await connectClient(i % 2 ? b.url : a.url, { token: invites.participant.token, name: `V${i}` }),
      );
    }
    expect(await fatou.command({ type: 'phase.goto', groupId: 'all', to: 'first' })).toMatchObject({
      ok: true,
    });
    const outcomes = { counted: 0, refused: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      const opened = await fatou.command({
        type: 'vote.open',
        method: { kind: 'approval' },
        items: [{ title: `Proposition ${round}` }],
      });
      await Promise.all(
        voters.map((v) => v.waitFor((s) => s.version >= (opened.ok ? opened.version : Infinity))),
      );
      const vote = voters[0]!.state!.votes.at(-1)!;
      const item = vote.items[0]!.id;
      const first = await Promise.all(
        voters.map((v) => v.command({ type: 'ballot.cast', voteId: vote.id, ballot: { [item]: true } })),
      );
      for (const ack of first) expect(ack).toMatchObject({ ok: true });
      await sameScreen(farid, ...voters);
      const changed: Promise<CommandAck>[] = voters.map((v) =>
        v.command({ type: 'ballot.cast', voteId: vote.id, ballot: { [item]: false } }),
      );
      const close = await farid.command({ type: 'vote.close', voteId: vote.id });
      const changes = await Promise.all(changed);
      expect(close, `round ${round}`).toMatchObject({ ok: true });
      for (const ack of changes) if (!ack.ok) expect(ack.error.code).toBe('invalid_state');
      const closed = await farid.waitFor((s) => s.votes.find((v) => v.id === vote.id)!.status === 'closed');
      const accepted = changes.filter((ack) => ack.ok).length;
      // A changed ballot counts exactly when its acknowledgement said it was taken; the others keep "yes".
      expect(closed.votes.find((v) => v.id === vote.id)!.tally!.items, `round ${round}`).toEqual([
        { itemId: item, yes: voters.length - accepted, no: accepted, abstain: 0 },
      ]);
      outcomes.counted += accepted;
      outcomes.refused += voters.length - accepted;
    }
    // Every change was answered one way or the other, and both sides of the race happened: some changes were
    // counted, some came after the close (typically about one in seven).
    expect(outcomes.counted + outcomes.refused).toBe(ROUNDS * voters.length);
    expect(outcomes.counted, JSON.stringify(outcomes)).toBeGreaterThan(0);
    expect(outcomes.refused, JSON.stringify(outcomes)).toBeGreaterThan(0);
  });

  it(`extensions sent as their turns expire, ${EXTEND_ROUNDS} rounds in ${EXTEND_GROUPS} groups at once: each lands on its own turn or not at all`, async () => {
    const groups = Array.from({ length: EXTEND_GROUPS }, (_, i) => ({ name: `Groupe ${i + 1}` }));
    const { id, invites, groupOrder } = await session(
      [{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 1 }],
      groups,
    );
    const fatou = await connectClient(a.url, { token: invites.facilitator.token, name: 'Fatou' });
    const farid = await connectClient(b.url, { token: invites.facilitator.token, name: 'Farid' });
    const groupIds = groupOrder.filter((g) => g !== P);
    // Two speakers per group, one on each process. Each round both raise a hand, the first is given the
    // floor, and the second waits behind: the expiry hands the floor on, so a late extension's only
    // possible victim is the next speaker's turn.
    const speakers: PalabreClient[] = [];
    for (const [i, groupId] of groupIds.entries()) {
      const { invite } = await api(a.url, 'POST', `/api/sessions/${id}/invites`, {
        role: 'participant',
        groupId,
      });
      speakers.push(
        await connectClient(i % 2 ? b.url : a.url, { token: invite.token, name: `Orateur ${i + 1}` }),
      );
      speakers.push(
        await connectClient(i % 2 ? a.url : b.url, { token: invite.token, name: `Suivant ${i + 1}` }),
      );
    }
    expect(await fatou.command({ type: 'phase.goto', groupId: 'all', to: 'first' })).toMatchObject({
      ok: true,
    });
    await Promise.all([fatou.measureClock(3), farid.measureClock(3)]);
    const outcomes = { extended: 0, tooLate: 0 };
    let seen = 0;
    for (let round = 1; round <= EXTEND_ROUNDS; round++) {
      for (const speaker of speakers) await raise(speaker);
      await sameScreen(fatou, farid);
      const given = await Promise.all(
        groupIds.map((groupId) => fatou.command({ type: 'floor.give', groupId, turnId: null })),
      );
      for (const ack of given) expect(ack).toMatchObject({ ok: true });
      await sameScreen(fatou, farid);
      const turns = groupIds.map((groupId) => ({ groupId, ...turnOf(farid.state!, groupId)! }));
      // Each extension is aimed at its turn's end (±40 ms of server time), from either process: the expiry
      // armed on both processes lands around the same moment.
      const acks = await Promise.all(
        turns.map(
          (turn, i) =>
            new Promise<CommandAck>((resolve) => {
              const client = (i + round) % 2 ? farid : fatou;
              const at = turn.endsAt! + ((i * 17 + round * 29) % 81) - 40;
              setTimeout(
                () =>
                  void client
                    .command({ type: 'turn.extend', groupId: turn.groupId, turnId: turn.turnId, seconds: 1 })
                    .then(resolve),
                Math.max(0, at - client.serverNow()),
              );
            }),
        ),
      );
      // Wait (on events) until both turns of every group are over and nobody is left in the queue.
      await farid.waitFor(
        (s) => groupIds.every((g) => !turnOf(s, g) && s.groups[g]!.queue.entries.length === 0),
        10_000,
      );
      const log = (await logOf(id)).slice(seen);
      seen += log.length;
      const extended = log.filter((e): e is EventOf<'turn.extended'> => e.type === 'turn.extended');
      const ended = log.filter((e): e is EventOf<'turn.ended'> => e.type === 'turn.ended');
      for (const [i, turn] of turns.entries()) {
        const ack = acks[i]!;
        const where = `round ${round}, ${turn.groupId}`;
        if (!ack.ok) expect(ack.error.code, where).toBe('conflict');
        const mine = extended.filter((e) => e.data.groupId === turn.groupId);
        // Acknowledged iff it extended this very turn; a late one never reaches the next speaker's turn.
        expect(
          mine.map((e) => e.data.turnId),
          where,
        ).toEqual(ack.ok ? [turn.turnId] : []);
        const end = ended.filter((e) => e.data.turnId === turn.turnId);
        expect(end, where).toHaveLength(1);
        expect(end[0]!.data.reason, where).toBe('expired');
        expect(end[0]!.data.heldMs, where).toBeLessThanOrEqual(ack.ok ? 2000 : 1000);
        // The floor went on to the one waiting behind.
        expect(
          ended.filter((e) => e.data.groupId === turn.groupId),
          where,
        ).toHaveLength(2);
        if (ack.ok) outcomes.extended++;
        else outcomes.tooLate++;
      }
    }
    // Both sides of the race happened: some extensions won over the expiry, some came too late.
    expect(outcomes.extended, JSON.stringify(outcomes)).toBeGreaterThan(0);
    expect(outcomes.tooLate, JSON.stringify(outcomes)).toBeGreaterThan(0);
  }, 90_000);
});
