import { describe, expect, it, onTestFinished } from 'vitest';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { TurnTimers } from '../../server/core/reactions/turnTimers.js';
import { SessionService } from '../../server/core/sessionService.js';
import type { Logger } from '../../server/log.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { seenTurnId } from '../../shared/session/floor/expectations.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { debateWithSpeaker, sessionDriver } from '../helpers/sessionDriver.js';

/**
 * The turn timers when things go wrong or stop (server/core/reactions/turnTimers.ts): a store that refuses
 * an expiry for now, the end of the session, a stopped reaction. Beside turnTimers.test.ts; written from the
 * survivors of `npm run mutate -- turns`.
 */

const P = PLENARY_ID;

/** A store whose appends of `turn.ended` fail while `down` is set (a store outage at the deadline). */
class FlakyStore extends MemoryEventStore {
  down = false;
  override append(sessionId: string, expectedVersion: number, events: readonly SessionEvent[]) {
    if (this.down && events.some((e) => e.type === 'turn.ended'))
      return Promise.reject(new Error('store down'));
    return super.append(sessionId, expectedVersion, events);
  }
}

/** One process: a debate with 60-second turns, Ana speaking, Ben waiting; warnings recorded. */
async function debate() {
  const store = new FlakyStore();
  const clock = new FakeClock();
  const sessions = new SessionService(store, clock);
  const warnings: { msg: string; fields: Record<string, unknown> | undefined }[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (msg, fields) => warnings.push({ msg, fields }),
    error: () => undefined,
  };
  const timers = new TurnTimers(sessions, clock, log);
  timers.listen();
  onTestFinished(async () => {
    timers.stop();
    await sessions.close();
  });
  const { id } = await sessions.create({
    title: 'Timers',
    agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 60 }],
  });
  const { run, join } = sessionDriver(sessions, id);
  const { fac } = await debateWithSpeaker({ run, join });
  const ended = async () => (await store.read(id)).filter((e) => e.type === 'turn.ended');
  const seen = async () => seenTurnId((await sessions.get(id))!, P);
  return { store, clock, id, timers, run, fac, ended, seen, warnings };
}

describe('turn timers when things go wrong', () => {
  it('an expiry the store could not take is logged and tried again 250 ms later', async () => {
    const { store, clock, id, timers, ended, warnings } = await debate();
    store.down = true;
    clock.advance(60_000);
    await timers.settled();
    expect(await ended()).toHaveLength(0);
    expect(warnings).toMatchObject([
      { msg: 'turn expiry failed; retrying', fields: { sessionId: id, error: { code: 'unavailable' } } },
    ]);
    // Re-armed for the retry, not before.
    expect(timers.size).toBe(1);
    store.down = false;
    clock.advance(249);
    await timers.settled();
    expect(await ended()).toHaveLength(0);
    clock.advance(1);
    await timers.settled();
    expect((await ended()).map((e) => e.data)).toMatchObject([{ reason: 'expired', heldMs: 60_000 }]);
  });

  it('the end of the session disarms every timer', async () => {
    const { clock, timers, run, fac, ended } = await debate();
    expect(timers.size).toBe(1);
    await run({ type: 'session.end' }, fac);
    expect(timers.size).toBe(0);
    clock.advance(120_000);
    await timers.settled();
    // Only the turn the end itself closed.
    expect((await ended()).map((e) => e.data)).toMatchObject([{ reason: 'session' }]);
  });

  it('once stopped, timers neither fire nor follow new turns', async () => {
    const { clock, timers, run, fac, ended, seen } = await debate();
    timers.stop();
    expect(timers.size).toBe(0);
    clock.advance(60_000);
    await timers.settled();
    expect(await ended()).toHaveLength(0);
    await run({ type: 'turn.end', groupId: P, turnId: (await seen())! }, fac);
    expect(await seen()).not.toBeNull();
    expect(timers.size).toBe(0);
  });
});
