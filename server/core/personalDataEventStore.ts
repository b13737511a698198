import type { SessionEvent } from '../../shared/session/events.js';
import type { AppendResult, EventStore } from '../ports/eventStore.js';
import type { PersonalDataStore } from '../ports/personalDataStore.js';
import { KeyedQueue } from './keyedQueue.js';
import { withPersonalValues, withoutPersonalValues } from './personalData.js';

/**
 * The event store as the core sees it, with personal data kept apart (core/personalData.ts): sealed events
 * are stored without their personal values, and read back (reads and other processes' appends alike) with
 * them put back from the personal data store. Feed notifications are completed in order per session.
 */
export class PersonalDataEventStore implements EventStore {
  private readonly feed = new KeyedQueue();

  constructor(
    private readonly store: EventStore,
    private readonly personal: PersonalDataStore,
  ) {}

  append(sessionId: string, expectedVersion: number, events: readonly SessionEvent[]): Promise<AppendResult> {
    return this.store.append(sessionId, expectedVersion, events.map(withoutPersonalValues));
  }

  async read(sessionId: string, afterVersion?: number): Promise<SessionEvent[]> {
    return withPersonalValues(sessionId, await this.store.read(sessionId, afterVersion), this.personal);
  }

  list(): Promise<string[]> {
    return this.store.list();
  }

  subscribe(listener: (sessionId: string, events: SessionEvent[]) => void): () => void {
    return this.store.subscribe((sessionId, events) => {
      void this.feed.run(sessionId, async () => {
        // A notification whose values cannot be read is dropped: the listener reads the store when it
        // finds a gap, as after any lost notification.
        const complete = await withPersonalValues(sessionId, events, this.personal).catch(() => undefined);
        if (complete) listener(sessionId, complete);
      });
    });
  }

  onReconnect(listener: () => void): () => void {
    return this.store.onReconnect?.(listener) ?? (() => undefined);
  }

  delete(sessionId: string): Promise<void> {
    return this.store.delete(sessionId);
  }

  onDeleted(listener: (sessionId: string) => void): () => void {
    return this.store.onDeleted?.(listener) ?? (() => undefined);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
