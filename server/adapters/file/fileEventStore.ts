import { mkdir, open, readFile, readdir, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { fileFor } from './safeName.js';
import type { SessionEvent } from '../../../shared/session/events.js';
import { MemoryEventStore } from '../memory/memoryEventStore.js';
import { InFlight } from '../../core/inFlight.js';

/**
 * The embedded default: one JSON-lines file per session under `<dataDir>/sessions/`, appended and fsynced
 * before an append is acknowledged, so a restart (or a crash) loses no acknowledged event. A torn last line
 * left by a crash mid-write is cut off on load.
 */
export class FileEventStore extends MemoryEventStore {
  private readonly dir: string;
  private readonly loading = new InFlight<SessionEvent[]>();

  constructor(dataDir: string) {
    super();
    this.dir = join(dataDir, 'sessions');
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  private file(sessionId: string): string {
    return fileFor(this.dir, sessionId, '.jsonl');
  }

  override async list(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.jsonl')).map((n) => n.slice(0, -'.jsonl'.length));
  }

  protected override async load(sessionId: string): Promise<SessionEvent[]> {
    const cached = this.logs.get(sessionId);
    if (cached) return cached;
    return this.loading.run(sessionId, () => this.readLog(sessionId));
  }

  private async readLog(sessionId: string): Promise<SessionEvent[]> {
    const path = this.file(sessionId);
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
    const log = this.logs.get(sessionId) ?? events;
    this.logs.set(sessionId, log);
    return log;
  }

  protected override async persist(sessionId: string, events: readonly SessionEvent[]): Promise<void> {
    const handle = await open(this.file(sessionId), 'a');
    try {
      await handle.appendFile(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
}
