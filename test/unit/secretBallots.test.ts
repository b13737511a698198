import { describe, expect, it, onTestFinished } from 'vitest';
import { MemoryBallotBox } from '../../server/adapters/memory/memoryBallotBox.js';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { SecretBallots } from '../../server/core/reactions/secretBallots.js';
import { SessionService } from '../../server/core/sessionService.js';
import type { Logger } from '../../server/log.js';
import type { Command } from '../../shared/session/commands.js';
import type { Actor } from '../../shared/session/types.js';
import { FakeClock } from '../helpers/fakeClock.js';

/**
 * The secret ballot box wired into the session service (server/core/reactions/secretBallots.ts), on the
 * in-memory adapters: what is stored, what the log keeps, what is counted and forgotten.
 */

const system: Actor = { kind: 'system' };

/** A session in its vote phase, with the secret ballots reaction started; a facilitator, Ana and Ben. */
async function voteRoom(box = new MemoryBallotBox()) {
  const clock = new FakeClock();
  const store = new MemoryEventStore();
  const sessions = new SessionService(store, clock);
  const warnings: { msg: string; fields?: Record<string, unknown> }[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (msg, fields) => warnings.push({ msg, ...(fields ? { fields } : {}) }),
    error: () => undefined,
  };
  const ballots = new SecretBallots(sessions, box, log);
  ballots.start();
  onTestFinished(async () => {
    ballots.stop();
    await sessions.close();
  });
  const state = await sessions.create({
    title: 'Vote',
    agenda: [{ id: 'vote', kind: 'vote', durationSec: 600 }],
  });
  const id = state.id;
  const run = (command: Command, actor: Actor) => sessions.execute(id, command, actor);
  const ok = async (command: Command, actor: Actor) => {
    const result = await run(command, actor);
    if (!result.ok) throw new Error(`${command.type}: ${result.error.message}`);
    return result.events;
  };
  const join = async (
    name: string,
    role: 'facilitator' | 'participant',
  ): Promise<Actor & { memberId: string }> => {
    const joined = (await ok({ type: 'member.join', name, role }, system)).find(
      (e) => e.type === 'member.joined',
    );
    if (joined?.type !== 'member.joined') throw new Error('no join');
    return { kind: 'member', memberId: joined.data.memberId };
  };
  const fac = await join('F', 'facilitator');
  const ana = await join('Ana', 'participant');
  const ben = await join('Ben', 'participant');
  await ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
  /** Opens a vote on one item and returns its id and the item's id. */
  const open = async (fields: Partial<Extract<Command, { type: 'vote.open' }>> = {}) => {
    await ok(
      { type: 'vote.open', method: { kind: 'approval' }, items: [{ title: 'Bancs' }], ...fields },
      fac,
    );
    const vote = (await sessions.get(id))!.votes.at(-1)!;
    return { voteId: vote.id, item: vote.items[0]!.id };
  };
  const log_ = () => store.read(id);
  return { sessions, box, id, run, ok, fac, ana, ben, open, log: log_, warnings, reaction: ballots };
}

describe('secret ballots', () => {
  it('stores each ballot in the box under the id its ballot.cast names; the log never holds the content', async () => {
    const room = await voteRoom();
    const { voteId, item } = await room.open();
    const [cast] = await room.ok({ type: 'ballot.cast', voteId, ballot: { [item]: true } }, room.ana);
    expect(cast!.type).toBe('ballot.recorded');
    const { ballotId } = cast!.data as { ballotId: string };
    expect(ballotId).toEqual(expect.any(String));
    expect(await room.box.list(room.id, voteId)).toEqual([
      { memberId: room.ana.memberId, ballotId, ballot: { [item]: true } },
    ]);
    expect(JSON.stringify(await room.log())).not.toContain(`"${item}":true`);
  });

  it('a ballot the vote would refuse is not even stored', async () => {
    const room = await voteRoom();
    const { voteId } = await room.open();
    const refused = await room.run({ type: 'ballot.cast', voteId, ballot: { nope: true } }, room.ana);
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await room.box.list(room.id, voteId)).toEqual([]);
  });

  it('a ballot or a close for a vote that does not exist is not found, and the box is not touched', async () => {
    const box = new MemoryBallotBox();
    let touched = 0;
    for (const method of ['put', 'list'] as const) {
      const original = box[method].bind(box) as (...args: unknown[]) => Promise<unknown>;
      (box as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        touched++;
        return original(...args);
      };
    }
    const room = await voteRoom(box);
    const { item } = await room.open();
    const cast = await room.run(
      { type: 'ballot.cast', voteId: 'v-nope', ballot: { [item]: true } },
      room.ana,
    );
    expect(cast).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const close = await room.run({ type: 'vote.close', voteId: 'v-nope' }, room.fac);
    expect(close).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(touched).toBe(0);
  });

  it('an open vote keeps its ballots in the log and nothing in the box', async () => {
    const room = await voteRoom();
    const { voteId, item } = await room.open({ secret: false });
    await room.ok({ type: 'ballot.cast', voteId, ballot: { [item]: false } }, room.ana);
    expect(await room.box.list(room.id, voteId)).toEqual([]);
    await room.ok({ type: 'vote.close', voteId }, room.fac);
    expect((await room.sessions.get(room.id))!.votes[0]!.tally!.items).toEqual([
      { itemId: item, yes: 0, no: 1, abstain: 0 },
    ]);
  });

  it('closing counts the latest accepted ballot of each voter from the box, then the box forgets the vote', async () => {
    const room = await voteRoom();
    const { voteId, item } = await room.open();
    await room.ok({ type: 'ballot.cast', voteId, ballot: { [item]: true } }, room.ana);
    await room.ok({ type: 'ballot.cast', voteId, ballot: { [item]: true } }, room.ben);
    await room.ok({ type: 'ballot.cast', voteId, ballot: { [item]: false } }, room.ana);
    expect(await room.box.list(room.id, voteId)).toHaveLength(3);
    const [closed] = await room.ok({ type: 'vote.close', voteId }, room.fac);
    expect(closed!.data).toMatchObject({ tally: { ballots: 2, items: [{ itemId: item, yes: 1, no: 1 }] } });
    await expect.poll(() => room.box.list(room.id, voteId)).toEqual([]);
    // Closing again is refused by the vote, not answered from an emptied box.
    expect(await room.run({ type: 'vote.close', voteId }, room.fac)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });

  it('live results publish a tally counted from the box after each ballot', async () => {
    const room = await voteRoom();
    const { voteId, item } = await room.open({ liveResults: true });
    await room.ok({ type: 'ballot.cast', voteId, ballot: { [item]: true } }, room.ana);
    const events = await room.ok({ type: 'ballot.cast', voteId, ballot: { [item]: false } }, room.ben);
    expect(events.map((e) => e.type)).toEqual(['ballot.recorded', 'vote.tallied']);
    expect(events[1]!.data).toMatchObject({
      tally: { ballots: 2, items: [{ itemId: item, yes: 1, no: 1 }] },
    });
  });

  it('a box that cannot forget a closed vote is logged, and the close stands', async () => {
    const box = new MemoryBallotBox();
    box.discard = async () => {
      throw new Error('box down');
    };
    const room = await voteRoom(box);
    const { voteId, item } = await room.open();
    await room.ok({ type: 'ballot.cast', voteId, ballot: { [item]: true } }, room.ana);
    await room.ok({ type: 'vote.close', voteId }, room.fac);
    await expect
      .poll(() => room.warnings.map((w) => w.msg))
      .toEqual(['could not discard the ballots of a closed vote']);
    expect(room.warnings[0]!.fields).toMatchObject({ sessionId: room.id, err: expect.any(Error) });
    expect((await room.sessions.get(room.id))!.votes[0]!.status).toBe('closed');
  });

  it('once stopped, secret ballots are refused: nothing stores them', async () => {
    const room = await voteRoom();
    const { voteId, item } = await room.open();
    room.reaction.stop();
    expect(await room.run({ type: 'ballot.cast', voteId, ballot: { [item]: true } }, room.ana)).toMatchObject(
      {
        ok: false,
        error: { code: 'unavailable' },
      },
    );
    expect(await room.run({ type: 'vote.close', voteId }, room.fac)).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });
});
