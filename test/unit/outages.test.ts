import { describe, expect, it, onTestFinished } from 'vitest';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { MemoryLiveness } from '../../server/adapters/memory/memoryLiveness.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { OutageRecovery } from '../../server/core/reactions/outageRecovery.js';
import { SessionService } from '../../server/core/sessionService.js';
import { TurnTimers } from '../../server/core/reactions/turnTimers.js';
import { createLogger } from '../../server/log.js';
import type { Actor } from '../../shared/session/types.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';
import { sessionDriver } from '../helpers/sessionDriver.js';

const P = PLENARY_ID;
const system: Actor = { kind: 'system' };
const BEAT = 1000;

/** One "process" over the shared store, liveness and clock: outage recovery first, then the turn timers. */
async function startProcess(store: MemoryEventStore, liveness: MemoryLiveness, clock: FakeClock) {
  let n = 0;
  const sessions = new SessionService(
    store,
    clock,
    (p) => `${p}${++n}-${Math.random().toString(36).slice(2)}`,
  );
  const outages = new OutageRecovery(sessions, liveness, clock, createLogger('silent'), BEAT);
  const outage = await outages.start();
  const timers = new TurnTimers(sessions, clock);
  await timers.start();
  /** SIGKILL: nothing more runs in this process (no beats, no expiries). */
  const kill = async () => {
    timers.stop();
    outages.stop();
    await sessions.close();
  };
  onTestFinished(kill);
  return { sessions, outage, kill };
}

/** A live debate (60 s turns) created on process `a`, its facilitator and a driver for it. */
async function liveDebate(sessions: SessionService) {
  const { id } = await sessions.create({
    title: 'Panne',
    agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 60 }],
  });
  const { run, join } = sessionDriver(sessions, id);
  const fac = await join('F', 'facilitator');
  await run({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
  return { id, run, join, fac };
}

describe('an outage is not speaking time', () => {
  it('the only process dies 20 s into a 60 s turn and comes back 30 s later: 60 s held, 30 s down', async () => {
    const store = new MemoryEventStore();
    const liveness = new MemoryLiveness();
    const clock = new FakeClock();
    const a = await startProcess(store, liveness, clock);
    const { id, run, join, fac } = await liveDebate(a.sessions);
    const ana = await join('Ana', 'participant');
    await run({ type: 'floor.give', groupId: P, memberId: ana.memberId, turnId: null }, fac);

    clock.advance(20_000);
    await a.kill();
    clock.advance(30_000);
    const b = await startProcess(store, liveness, clock);
    expect(b.outage).toEqual({ downSince: expect.any(Number), downMs: 30_000 });
    const resumed = (await b.sessions.get(id))!.groups[P]!.queue.turn!;
    expect(resumed).toMatchObject({ heldMs: 20_000, downMs: 30_000, endsAt: clock.now() + 40_000 });

    clock.advance(40_000);
    await expect
      .poll(async () => (await store.read(id)).filter((e) => e.type === 'turn.ended').map((e) => e.data))
      .toEqual([expect.objectContaining({ reason: 'expired', heldMs: 60_000, downMs: 30_000 })]);
  });

  it('an outage with nobody speaking is recorded in the live session all the same (for the report)', async () => {
    const store = new MemoryEventStore();
    const liveness = new MemoryLiveness();
    const clock = new FakeClock();
    const a = await startProcess(store, liveness, clock);
    const { id } = await liveDebate(a.sessions);
    clock.advance(5_000);
    await a.kill();
    clock.advance(30_000);
    const b = await startProcess(store, liveness, clock);
    expect((await b.sessions.get(id))!.interruptions).toEqual([
      { downSince: b.outage!.downSince, downMs: 30_000 },
    ]);
  });

  it('a process that starts while another is up finds no outage', async () => {
    const store = new MemoryEventStore();
    const liveness = new MemoryLiveness();
    const clock = new FakeClock();
    await startProcess(store, liveness, clock);
    clock.advance(60_000);
    expect((await startProcess(store, liveness, clock)).outage).toBeNull();
  });
});

describe('outage.recover in the domain', () => {
  function speaking() {
    const h = new DomainHarness([{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 60 }]);
    const fac = h.join('F', 'facilitator');
    const ana = h.join('Ana', 'participant');
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    h.ok({ type: 'floor.give', groupId: P, memberId: ana.memberId, turnId: null }, fac);
    return { h, fac };
  }

  it('is accepted once per outage: a second process reporting the same outage changes nothing', () => {
    const { h } = speaking();
    const downSince = h.now + 10_000;
    h.advance(50_000);
    h.ok({ type: 'outage.recover', downSince }, system);
    expect(h.run({ type: 'outage.recover', downSince }, system)).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });

  it('leaves alone a paused turn and a turn started after the outage began (the outage itself is recorded)', () => {
    const { h, fac } = speaking();
    h.ok({ type: 'queue.pause', groupId: P }, fac);
    h.advance(10_000);
    const types = (downSince: number) =>
      h.ok({ type: 'outage.recover', downSince }, system).map((e) => e.type);
    expect(types(h.now - 5000)).toEqual(['service.interrupted']);
    h.ok({ type: 'queue.resume', groupId: P }, fac);
    expect(types(h.now - 1)).toEqual(['service.interrupted']);
  });
});
