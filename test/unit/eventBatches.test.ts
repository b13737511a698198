import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionEvent } from '../../shared/session/events.js';
import { batchPerSession } from '../../server/transport/socketio/eventBatches.js';

const event = (version: number) => ({ v: version, type: 'announcement.made' }) as unknown as SessionEvent;

describe('batchPerSession', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('pushes the batches of one window as one message, in order, when the window ends', () => {
    const pushed: [string, number[]][] = [];
    const batches = batchPerSession((id, events) => pushed.push([id, events.map((e) => e.v)]), 20);
    batches.add('s1', [event(1), event(2)]);
    vi.advanceTimersByTime(10);
    batches.add('s1', [event(3)]);
    batches.add('s2', [event(7)]);
    expect(pushed).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(pushed).toEqual([['s1', [1, 2, 3]]]);
    vi.advanceTimersByTime(10);
    expect(pushed).toEqual([
      ['s1', [1, 2, 3]],
      ['s2', [7]],
    ]);
    batches.add('s1', [event(4)]);
    vi.advanceTimersByTime(19);
    expect(pushed).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(pushed.at(-1)).toEqual(['s1', [4]]);
  });

  it('flushes one session on demand, leaving the others to their window', () => {
    const pushed: [string, number[]][] = [];
    const batches = batchPerSession((id, events) => pushed.push([id, events.map((e) => e.v)]), 50);
    batches.add('s1', [event(1)]);
    batches.add('s2', [event(5)]);
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
    const pushed: number[][] = [];
    const batches = batchPerSession((_id, events) => pushed.push(events.map((e) => e.v)), 0);
    batches.add('s1', [event(1)]);
    batches.add('s1', [event(2)]);
    expect(pushed).toEqual([[1], [2]]);
  });
});
