/**
 * Shares one in-flight promise per key: a second caller asking for the same key while the first load is
 * running gets the same promise, so nothing is ever loaded twice at once. Settled keys are forgotten.
 */
export class InFlight<V> {
  private readonly pending = new Map<string, Promise<V>>();

  run(key: string, start: () => Promise<V>): Promise<V> {
    let promise = this.pending.get(key);
    if (!promise) {
      promise = start().finally(() => this.pending.delete(key));
      this.pending.set(key, promise);
    }
    return promise;
  }
}
