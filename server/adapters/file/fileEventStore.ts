import { mkdir, readFile, readdir, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { fileFor } from './safeName.js';
import type { SessionEvent } from '../../../shared/session/events.js';
import type { AppendResult, EventStore } from '../../ports/eventStore.js';
import { KeyedQueue } from '../../core/keyedQueue.js';
import { appendSynced } from './syncedFiles.js';

type Listener = (sessionId: string, events: SessionEvent[]) => void;

/**
 * The embedded default: one JSON-lines file per session under `<dataDir>/sessions/`, appended and fsynced
 * before an append is acknowledged, so a restart (or a crash) loses no acknowledged event. A torn last line
 * left by a crash mid-write is cut off before the next append.
 *
 * Logs stay on disk: memory holds only the length of the logs this process has touched (for the version
 * check of an append), so it does not grow with history. Reads and appends of one session take turns, so a
 * read never sees half an append.
 */
export class FileEventStore implements EventStore {
  private readonly dir: string;
  /** Number of events of each session read or written since start (a few bytes each). */
  private readonly lengths = new Map<string, number>();
  private readonly queue = new KeyedQueue();
  private readonly listeners = new Set<Listener>();
  private readonly deletedListeners = new Set<(sessionId: string) => void>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'sessions');
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private file(sessionId: string): string {
    return fileFor(this.dir, sessionId, '.jsonl');
  }

  append(sessionId: string, expectedVersion: number, events: readonly SessionEvent[]): Promise<AppendResult> {
    const path = this.file(sessionId);
    return this.queue.run(sessionId, async () => {
      const length = this.lengths.get(sessionId) ?? (await this.readLog(sessionId, path)).length;
      if (length !== expectedVersion) return { ok: false, actualVersion: length };
      await appendSynced(path, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
      this.lengths.set(sessionId, length + events.length);
      this.notify(sessionId, [...events]);
      return { ok: true };
    });
  }

  async read(sessionId: string, afterVersion = 0): Promise<SessionEvent[]> {
    const path = this.file(sessionId);
    const log = await this.queue.run(sessionId, () => this.readLog(sessionId, path));
    return afterVersion > 0 ? log.slice(afterVersion) : log;
  }

  async list(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.jsonl')).map((n) => n.slice(0, -'.jsonl'.length));
  }

  /** Removes the session's log (in turn with its appends and reads) and tells the `onDeleted` listeners. */
  delete(sessionId: string): Promise<void> {
    const path = this.file(sessionId);
    return this.queue.run(sessionId, async () => {
      await rm(path, { force: true });
      this.lengths.delete(sessionId);
      for (const listener of this.deletedListeners) listener(sessionId);
    });
  }

  onDeleted(listener: (sessionId: string) => void): () => void {
    this.deletedListeners.add(listener);
    return () => this.deletedListeners.delete(listener);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  /**
   * Reads a whole log (missing: empty, and nothing remembered, so unknown ids cost no memory) and remembers
   * its length; cuts a torn last line (only in turn).
   */
  private async readLog(sessionId: string, path: string): Promise<SessionEvent[]> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const events: SessionEvent[] = [];
    let offset = 0;
    for (const line of text.split('\n')) {
      const end = offset + Buffer.byteLength(line) + 1;
      if (line.length > 0) {
        try {
          events.push(JSON.parse(line) as SessionEvent);
        } catch {
          // Only the last line can be torn (appends are sequential): cut it so later appends stay valid.
          await truncate(path, offset);
          break;
        }
      }
      offset = end;
    }
    this.lengths.set(sessionId, events.length);
    return events;
  }

  private notify(sessionId: string, events: SessionEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(sessionId, events);
      } catch {
        // A failing listener must not undo a durable append nor starve the other listeners.
      }
    }
  }
}
