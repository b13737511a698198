import type { Liveness } from '../../ports/liveness.js';

/** Beats in memory: for tests and stores that lose everything on restart anyway. */
export class MemoryLiveness implements Liveness {
  private latest: number | null = null;

  async beat(at: number): Promise<void> {
    this.latest = Math.max(this.latest ?? at, at);
  }

  async last(): Promise<number | null> {
    return this.latest;
  }

  async close(): Promise<void> {}
}
