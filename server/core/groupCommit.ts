import type { Clock, TimerHandle } from './clock.js';

export interface GroupCommitOptions<T> {
  /**
   * How long the first item of a batch waits for others (ms). 0 still gathers whatever arrives in the same
   * turn of the event loop (every socket read of one poll), since the commit runs from a timer.
   */
  windowMs: number;
  clock: Clock;
  /** Makes a whole batch durable (one write and one sync, one pipelined round trip…); throws if it could not. */
  commit(items: T[]): Promise<void>;
}

/**
 * Group commit: items added while a batch is open go out together in one `commit`, at most one commit runs
 * at a time, and each `add` resolves only once the commit that holds its item has succeeded (or rejects
 * with its error). A batch opens with its first item and closes when its window has passed and the
 * previous commit has ended, so an item waits at most the window plus one commit. The window is timed
 * through the Clock port, so tests may drive it with a fake clock.
 */
export class GroupCommit<T> {
  private open: { items: T[]; waiters: { resolve: () => void; reject: (e: unknown) => void }[] } | null =
    null;
  private due = false;
  private timer: TimerHandle | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: GroupCommitOptions<T>) {}

  /** Adds an item to the open batch; resolves once that batch is committed. */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (!this.open) {
        this.open = { items: [], waiters: [] };
        this.due = false;
        const { clock, windowMs } = this.options;
        this.timer = clock.at(clock.now() + windowMs, () => {
          this.timer = null;
          this.due = true;
          this.startIfDue();
        });
      }
      this.open.items.push(item);
      this.open.waiters.push({ resolve, reject });
    });
  }

  /** Items waiting in the open batch (not yet handed to a commit). */
  get waiting(): number {
    return this.open?.items.length ?? 0;
  }

  /** Commits the open batch now (its window cut short) and resolves once nothing is waiting or running. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.open) {
        this.timer?.cancel();
        this.timer = null;
        this.due = true;
        this.startIfDue();
      }
      if (!this.running) return;
      await this.running;
    }
  }

  private startIfDue(): void {
    if (this.running || !this.due || !this.open) return;
    const batch = this.open;
    this.open = null;
    this.due = false;
    this.running = this.options.commit(batch.items).then(
      () => {
        for (const w of batch.waiters) w.resolve();
      },
      (error: unknown) => {
        for (const w of batch.waiters) w.reject(error);
      },
    );
    void this.running.then(() => {
      this.running = null;
      this.startIfDue();
    });
  }
}
