import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionEvent } from '../../shared/session/events.js';
import {
  BROADCAST_MS_PER_SOCKET,
  BROADCAST_SHARE,
  MAX_ARRIVAL_WINDOW_MS,
  arrivalWindowMs,
  batchPerSession,
} from '../../server/transport/socketio/eventBatches.js';

const joined = (v: number) => ({ v, type: 'member.joined' }) as unknown as SessionEvent;
const phase = (v: number) => ({ v, type: 'phase.started' }) as unknown as SessionEvent;

describe('batchPerSession', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  const recorder = () => {
    const pushed: [string, number[]][] = [];
    return {
      pushed,
      push: (id: string, events: SessionEvent[]) => pushed.push([id, events.map((e) => e.v)]),
    };
  };

  it('holds arrivals for the window and pushes them as one message, in order', () => {
    const { pushed, push } = recorder();
    const batches = batchPerSession(push, { windowMs: () => 20 });
    batches.add('s1', [joined(1), joined(2)]);
    vi.advanceTimersByTime(10);
    batches.add('s1', [joined(3)]);
    batches.add('s2', [joined(7)]);
    expect(pushed).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(pushed).toEqual([['s1', [1, 2, 3]]]);
    vi.advanceTimersByTime(10);
    expect(pushed).toEqual([
      ['s1', [1, 2, 3]],
      ['s2', [7]],
    ]);
  });

  it('pushes any other event at once, after the arrivals waiting before it', () => {
    const { pushed, push } = recorder();
    const batches = batchPerSession(push, { windowMs: () => 500 });
    batches.add('s1', [phase(1)]);
    expect(pushed).toEqual([['s1', [1]]]);
    batches.add('s1', [joined(2)]);
    batches.add('s1', [joined(3), phase(4)]);
    expect(pushed).toEqual([
      ['s1', [1]],
      ['s1', [2, 3, 4]],
    ]);
    vi.advanceTimersByTime(1000);
    expect(pushed).toHaveLength(2);
  });

  it('flushes one session on demand, leaving the others to their window', () => {
    const { pushed, push } = recorder();
    const batches = batchPerSession(push, { windowMs: () => 50 });
    batches.add('s1', [joined(1)]);
    batches.add('s2', [joined(5)]);
    batches.flush('s2');
    expect(pushed).toEqual([['s2', [5]]]);
    batches.close();
    expect(pushed).toEqual([
      ['s2', [5]],
      ['s1', [1]],
    ]);
    vi.advanceTimersByTime(100);
    expect(pushed).toHaveLength(2);
  });

  it('with a window of 0, pushes every batch at once', () => {
    const { pushed, push } = recorder();
    const batches = batchPerSession(push, { windowMs: () => 0 });
    batches.add('s1', [joined(1)]);
    batches.add('s1', [joined(2)]);
    expect(pushed).toEqual([
      ['s1', [1]],
      ['s1', [2]],
    ]);
  });
});

describe('arrivalWindowMs', () => {
  it('is the base in small sessions, at most two seconds, and 0 turns batching off', () => {
    expect(arrivalWindowMs(20, 10)).toBe(20);
    expect(arrivalWindowMs(20, 100)).toBe(20);
    expect(arrivalWindowMs(50, 200)).toBe(50);
    expect(arrivalWindowMs(20, 100_000)).toBe(MAX_ARRIVAL_WINDOW_MS);
    expect(MAX_ARRIVAL_WINDOW_MS).toBe(2_000);
    expect(arrivalWindowMs(0, 10_000)).toBe(0);
  });

  it('grows with the room so that a push to every socket takes at most a tenth of the window', () => {
    // A join that costs more than the window holds < 1 arrival per message: each one then reaches every
    // socket alone, which made a ramp quadratic (bench/RESULTS.md). Bounded share up to the cap:
    for (const sockets of [500, 1_000, 2_500, 5_000, 7_500, 10_000]) {
      const window = arrivalWindowMs(20, sockets);
      expect(sockets * BROADCAST_MS_PER_SOCKET).toBeLessThanOrEqual(window * BROADCAST_SHARE);
    }
    expect(arrivalWindowMs(20, 1_000)).toBe(200);
    expect(arrivalWindowMs(20, 5_000)).toBe(1_000);
    expect(arrivalWindowMs(20, 10_000)).toBe(2_000);
    expect(BROADCAST_SHARE).toBe(0.1);
  });
});
