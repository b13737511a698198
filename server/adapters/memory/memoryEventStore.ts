import type { SessionEvent } from '../../../shared/session/events.js';
import type { AppendResult, EventStore } from '../../ports/eventStore.js';
import { KeyedQueue } from '../../core/keyedQueue.js';

type Listener = (sessionId: string, events: SessionEvent[]) => void;

/** The log kept in memory only; the file store builds on it to add durability. */
export class MemoryEventStore implements EventStore {
  protected readonly logs = new Map<string, SessionEvent[]>();
  private readonly listeners = new Set<Listener>();
  private readonly deletedListeners = new Set<(sessionId: string) => void>();
  private readonly queue = new KeyedQueue();

  /** Appends to one session are serialised so that the version check and the write are one step. */
  append(sessionId: string, expectedVersion: number, events: readonly SessionEvent[]): Promise<AppendResult> {
    return this.queue.run(sessionId, () => this.appendNow(sessionId, expectedVersion, events));
  }

  private async appendNow(
    sessionId: string,
    expectedVersion: number,
    events: readonly SessionEvent[],
  ): Promise<AppendResult> {
    const log = await this.load(sessionId);
    if (log.length !== expectedVersion) return { ok: false, actualVersion: log.length };
    await this.persist(sessionId, events);
    log.push(...events);
    this.logs.set(sessionId, log);
    this.notify(sessionId, [...events]);
    return { ok: true };
  }

  async read(sessionId: string, afterVersion = 0): Promise<SessionEvent[]> {
    const log = await this.load(sessionId);
    return log.slice(afterVersion);
  }

  async list(): Promise<string[]> {
    return [...this.logs.keys()];
  }

  delete(sessionId: string): Promise<void> {
    return this.queue.run(sessionId, async () => {
      await this.erase(sessionId);
      this.logs.delete(sessionId);
      for (const listener of this.deletedListeners) listener(sessionId);
    });
  }

  onDeleted(listener: (sessionId: string) => void): () => void {
    this.deletedListeners.add(listener);
    return () => this.deletedListeners.delete(listener);
  }

  /** Durable adapters remove the session's data here. */
  protected async erase(_sessionId: string): Promise<void> {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  protected async load(sessionId: string): Promise<SessionEvent[]> {
    return this.logs.get(sessionId) ?? [];
  }

  /** Durable adapters write here before the append becomes visible. */
  protected async persist(_sessionId: string, _events: readonly SessionEvent[]): Promise<void> {}

  protected notify(sessionId: string, events: SessionEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(sessionId, events);
      } catch {
        // A failing listener must not undo a durable append nor starve the other listeners.
      }
    }
  }
}
