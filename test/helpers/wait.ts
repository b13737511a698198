/** Resolves with the arguments of the next `event` on `emitter`, or rejects after `timeoutMs`. */
export function waitFor<T extends unknown[] = unknown[]>(
  emitter: {
    once(event: string, fn: (...args: never[]) => void): unknown;
    off?(event: string, fn: never): unknown;
  },
  event: string,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), timeoutMs);
    emitter.once(event, ((...args: T) => {
      clearTimeout(timer);
      resolve(args);
    }) as never);
  });
}
