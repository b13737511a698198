/**
 * A store (files, Redis) failed to answer. Core services throw it instead of the adapter's own error, so
 * every edge reports the same thing: `unavailable` (HTTP 503, socket ack, WebSocket 4503), never `internal`.
 */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the store is unavailable (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** Runs a store call, turning its failure into StoreUnavailableError. */
export async function fromStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
  }
}
