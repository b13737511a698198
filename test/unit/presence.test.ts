import { describe, expect, it, onTestFinished } from 'vitest';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { MemoryPresenceStore } from '../../server/adapters/memory/memoryPresenceStore.js';
import { PresenceService } from '../../server/core/presence/presenceService.js';
import { SessionService } from '../../server/core/sessionService.js';
import { createLogger } from '../../server/log.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { DomainHarness } from '../helpers/domain.js';
import { FakeClock } from '../helpers/fakeClock.js';

const P = PLENARY_ID;
const system = { kind: 'system' } as const;

describe('presence in the domain', () => {
  it('records arrivals and departures once, whoever reports them', () => {
    const h = new DomainHarness();
    const ana = h.join('Ana', 'participant');
    expect(h.ok({ type: 'presence.enter', memberId: ana.memberId }, system).map((e) => e.type)).toEqual([
      'member.connected',
    ]);
    expect(h.ok({ type: 'presence.enter', memberId: ana.memberId }, system)).toEqual([]);
    expect(h.state.members[ana.memberId]!.connected).toBe(true);
    expect(h.ok({ type: 'presence.leave', memberId: ana.memberId, reason: 'lapsed' }, system)).toMatchObject([
      { type: 'member.disconnected', data: { reason: 'lapsed' } },
    ]);
    expect(h.ok({ type: 'presence.leave', memberId: ana.memberId, reason: 'left' }, system)).toEqual([]);
    expect(h.state.members[ana.memberId]!.connected).toBe(false);
    expect(h.run({ type: 'presence.enter', memberId: 'ghost' }, system)).toMatchObject({
      ok: false,
      error: { code: 'not_member' },
    });
  });

  it('a speaker who leaves loses the floor when the session says so, and the next in line gets it', () => {
    const h = new DomainHarness();
    const fac = h.join('F', 'facilitator');
    const ana = h.join('Ana', 'participant');
    const ben = h.join('Ben', 'participant');
    h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p3' } }, fac);
    for (const m of [ana, ben]) h.ok({ type: 'presence.enter', memberId: m.memberId }, system);
    h.ok({ type: 'hand.raise' }, ana);
    h.ok({ type: 'hand.raise' }, ben);
    h.ok({ type: 'floor.give', groupId: P, turnId: h.turn(P) }, fac);
    // Default `keep`: the turn runs on.
    h.ok({ type: 'presence.leave', memberId: ana.memberId, reason: 'left' }, system);
    expect(h.state.groups[P]!.queue.turn?.memberId).toBe(ana.memberId);
    h.ok({ type: 'presence.enter', memberId: ana.memberId }, system);
    h.ok({ type: 'settings.update', speakerDrop: 'end', autoAdvance: true }, fac);
    const events = h.ok({ type: 'presence.leave', memberId: ana.memberId, reason: 'lapsed' }, system);
    expect(events.map((e) => e.type)).toEqual(['turn.ended', 'turn.started', 'member.disconnected']);
    expect(events[0]).toMatchObject({ data: { reason: 'dropped' } });
    expect(h.state.groups[P]!.queue.turn?.memberId).toBe(ben.memberId);
  });
});

/** One "process" of presence over a shared store and clock. */
function presenceProcess(sessions: SessionService, store: MemoryPresenceStore, clock: FakeClock) {
  const presence = new PresenceService(sessions, store, clock, createLogger('silent'), {
    leaseMs: 3000,
    graceMs: 1000,
  });
  onTestFinished(() => presence.stop());
  return presence;
}

async function setup() {
  const clock = new FakeClock();
  const sessions = new SessionService(new MemoryEventStore(), clock);
  const store = new MemoryPresenceStore();
  const state = await sessions.create({ title: 'Présences' });
  const joined = await sessions.execute(
    state.id,
    { type: 'member.join', name: 'Ana', role: 'participant' },
    system,
  );
  if (!joined.ok || joined.events[0]?.type !== 'member.joined') throw new Error('no join');
  const memberId = joined.events[0].data.memberId;
  const connected = async () => (await sessions.get(state.id))!.members[memberId]!.connected;
  const log = async () => (await sessions.eventsAfter(state.id, 0)).map((e) => e.type);
  return { clock, sessions, store, id: state.id, memberId, connected, log };
}

describe('the presence service', () => {
  it('a member is here from their first connection to the end of the grace after their last', async () => {
    const { clock, sessions, store, id, memberId, connected, log } = await setup();
    const presence = presenceProcess(sessions, store, clock);
    await presence.start();
    presence.opened(id, memberId);
    presence.opened(id, memberId); // a second tab
    await expect.poll(connected).toBe(true);
    presence.closed(id, memberId);
    presence.closed(id, memberId);
    // A reload within the grace is not a departure.
    await expect.poll(() => store.holders({ sessionId: id, memberId })).toBe(0);
    clock.advance(500);
    presence.opened(id, memberId);
    clock.advance(5000);
    expect(await connected()).toBe(true);
    presence.closed(id, memberId);
    await expect.poll(() => store.holders({ sessionId: id, memberId })).toBe(0);
    clock.advance(999);
    expect(await connected()).toBe(true);
    clock.advance(1);
    await expect.poll(connected).toBe(false);
    expect((await log()).filter((t) => t.startsWith('member.'))).toEqual([
      'member.joined',
      'member.connected',
      'member.disconnected',
    ]);
  });

  it('another process announces the members of a process that died', async () => {
    const { clock, sessions, store, id, memberId, connected } = await setup();
    const dying = presenceProcess(sessions, store, clock);
    const survivor = presenceProcess(sessions, store, clock);
    await dying.start();
    await survivor.start();
    dying.opened(id, memberId);
    await expect.poll(() => store.holders({ sessionId: id, memberId })).toBe(1);
    await expect.poll(connected).toBe(true);
    // kill -9: it stops renewing, nothing else happens on its side.
    (dying as unknown as { stopped: boolean }).stopped = true;
    for (let t = 0; t < 6000; t += 500) {
      clock.advance(500);
      await Promise.resolve();
    }
    await expect.poll(connected).toBe(false);
    const events = await sessions.eventsAfter(id, 0);
    expect(events.at(-1)).toMatchObject({ type: 'member.disconnected', data: { reason: 'lapsed' } });
  });

  it('a restart reconciles members the log says are here with who comes back', async () => {
    const { clock, sessions, id, memberId, connected } = await setup();
    await sessions.execute(id, { type: 'presence.enter', memberId }, system);
    expect(await connected()).toBe(true);
    // A fresh process with a fresh store: nobody holds Ana.
    const restarted = presenceProcess(sessions, new MemoryPresenceStore(), clock);
    await restarted.start();
    clock.advance(1000);
    await expect.poll(connected).toBe(false);
  });
});
