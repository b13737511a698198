import { describe, expect, it, onTestFinished } from 'vitest';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { debateWithSpeaker, sessionDriver } from '../helpers/sessionDriver.js';
import { SessionService } from '../../server/core/sessionService.js';
import { TurnTimers } from '../../server/core/reactions/turnTimers.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { seenTurnId } from '../../shared/session/floor/expectations.js';

const P = PLENARY_ID;

/** One "process": a session service and its turn timers over a shared store and clock. */
function node(store: MemoryEventStore, clock: FakeClock) {
  let n = 0;
  const sessions = new SessionService(
    store,
    clock,
    (prefix) => `${prefix}${++n}-${Math.random().toString(36).slice(2, 6)}`,
  );
  const timers = new TurnTimers(sessions, clock);
  // Watching only: the restart test arms stored sessions itself.
  timers.listen();
  onTestFinished(async () => {
    timers.stop();
    await sessions.close();
  });
  return { sessions, timers };
}

async function debate() {
  const store = new MemoryEventStore();
  const clock = new FakeClock();
  const a = node(store, clock);
  const state = await a.sessions.create({
    title: 'Timers',
    agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 60 }],
  });
  const id = state.id;
  const { run, join } = sessionDriver(a.sessions, id);
  /** The turn running in a group now (the `turnId` relative turn commands carry). */
  const seen = async (groupId = P) => seenTurnId((await a.sessions.get(id))!, groupId)!;
  const { fac, ana, ben } = await debateWithSpeaker({ run, join });
  const ended = async () => (await store.read(id)).filter((e) => e.type === 'turn.ended');
  const turn = async () => (await a.sessions.get(id))!.groups[P]!.queue.turn;
  return { store, clock, id, a, run, join, fac, ana, ben, ended, turn, seen };
}

describe('turn timers', () => {
  it('expire the turn at endsAt and give the floor to the next in line', async () => {
    const { clock, a, ended, turn, ben } = await debate();
    const first = (await turn())!;
    expect(a.timers.size).toBe(1);
    clock.advance(59_999);
    expect(await ended()).toHaveLength(0);
    clock.advance(1);
    await expect.poll(async () => (await ended()).length).toBe(1);
    const [event] = await ended();
    expect(event!.data).toMatchObject({ turnId: first.turnId, reason: 'expired', heldMs: 60_000 });
    expect(event!.at - first.endsAt!).toBe(0);
    await expect.poll(async () => (await turn())?.memberId).toBe(ben.kind === 'member' ? ben.memberId : '');
    expect(a.timers.size).toBe(1); // armed again, for Ben's turn
  });

  it('exactly one turn.ended when two processes both expire the same turn', async () => {
    const { store, clock, id, ended, turn } = await debate();
    const b = node(store, clock);
    await b.sessions.get(id); // loading arms b's timer too
    expect(b.timers.size).toBe(1);
    const first = (await turn())!;
    clock.advance(60_000);
    await expect.poll(async () => (await ended()).length).toBe(1);
    await expect
      .poll(async () => (await b.sessions.get(id))!.groups[P]!.queue.turn?.turnId)
      .not.toBe(first.turnId);
    expect((await ended()).filter((e) => e.data.turnId === first.turnId)).toHaveLength(1);
  });

  it('re-arm on extend: the turn ends at the extended time, not before', async () => {
    const { clock, run, fac, a, ended, seen } = await debate();
    await run({ type: 'turn.extend', groupId: P, turnId: await seen(), seconds: 30 }, fac);
    clock.advance(60_000); // the time box alone
    await a.timers.settled();
    expect(await ended()).toHaveLength(0);
    clock.advance(29_999);
    await a.timers.settled();
    expect(await ended()).toHaveLength(0);
    clock.advance(1);
    await a.timers.settled();
    expect((await ended()).map((e) => e.data)).toMatchObject([{ reason: 'expired', heldMs: 90_000 }]);
  });

  it('re-arm on extend, cancel on pause, re-arm on resume, cancel on end', async () => {
    const { clock, run, fac, a, ended, turn, seen } = await debate();
    await run({ type: 'turn.extend', groupId: P, turnId: await seen(), seconds: 30 }, fac);
    clock.advance(60_000);
    await a.timers.settled();
    expect(await ended()).toHaveLength(0);
    await run({ type: 'queue.pause', groupId: P }, fac);
    expect(a.timers.size).toBe(0);
    clock.advance(600_000);
    await a.timers.settled();
    expect(await ended()).toHaveLength(0);
    await run({ type: 'queue.resume', groupId: P }, fac);
    expect((await turn())!.endsAt).toBe(clock.now() + 30_000);
    clock.advance(30_000);
    await expect.poll(async () => (await ended()).length).toBe(1);
    expect((await ended())[0]!.data).toMatchObject({ reason: 'expired', heldMs: 90_000 });
    await run({ type: 'turn.end', groupId: P, turnId: await seen() }, fac); // Ben's turn, ended by hand
    expect(a.timers.size).toBe(0);
  });

  it('expire a burst of simultaneous deadlines in several groups, each once', async () => {
    const { clock, run, join, fac, id, a, store } = await debate();
    for (const name of ['A', 'B', 'C']) {
      const r = await run({ type: 'group.create', name, groupId: `g${name}` }, fac);
      expect(r.ok).toBe(true);
      const { memberId } = await join(name, 'participant', `g${name}`);
      await run({ type: 'phase.goto', groupId: `g${name}`, to: 'first' }, fac);
      await run({ type: 'floor.give', groupId: `g${name}`, memberId, turnId: null }, fac);
    }
    expect(a.timers.size).toBe(4);
    clock.advance(60_000);
    const expired = async () =>
      (await store.read(id)).filter((e) => e.type === 'turn.ended' && e.data.reason === 'expired');
    await expect.poll(async () => (await expired()).length).toBe(4);
    clock.advance(60_000); // Ben's turn in the plenary
    await expect.poll(async () => (await expired()).length).toBe(5);
  });

  it('arm the turns of stored sessions after a restart', async () => {
    const { store, clock, id, ended } = await debate();
    const restarted = node(store, clock);
    await restarted.timers.armStoredSessions();
    expect(restarted.timers.size).toBe(1);
    clock.advance(60_000);
    await expect.poll(async () => (await ended()).length).toBe(1);
    expect((await restarted.sessions.get(id))!.groups[P]!.queue.turn).not.toBeNull();
  });
});
