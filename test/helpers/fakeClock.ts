import type { Clock, TimerHandle } from '../../server/core/clock.js';

/** A clock that only moves when told to. Timers fire in deadline order, synchronously, inside `advance`. */
export class FakeClock implements Clock {
  private timers: { at: number; fn: () => void; seq: number; cancelled: boolean }[] = [];
  private seq = 0;
  constructor(private current = 1_700_000_000_000) {}

  now(): number {
    return this.current;
  }

  at(at: number, fn: () => void): TimerHandle {
    const timer = { at, fn, seq: this.seq++, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers
        .filter((t) => !t.cancelled && t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      due.cancelled = true;
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
    this.timers = this.timers.filter((t) => !t.cancelled);
  }

  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}
