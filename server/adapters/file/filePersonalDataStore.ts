import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyedQueue } from '../../core/keyedQueue.js';
import type { PersonalRecord } from '../../ports/personalDataStore.js';
import { MemoryPersonalDataStore } from '../memory/memoryPersonalDataStore.js';
import { fileFor } from './safeName.js';

/**
 * `<dataDir>/personal/<sessionId>.json`: a session's personal records, rewritten whole (temporary file,
 * fsync, rename) on each change — a few hundred members at most, written at joins and renames. Deleting a
 * member rewrites the file without them; deleting the session removes it.
 */
export class FilePersonalDataStore extends MemoryPersonalDataStore {
  private readonly dir: string;
  private readonly loaded = new Set<string>();
  private readonly queue = new KeyedQueue();

  constructor(dataDir: string) {
    super();
    this.dir = join(dataDir, 'personal');
  }

  private file(sessionId: string): string {
    return fileFor(this.dir, sessionId, '.json');
  }

  protected override async load(sessionId: string): Promise<void> {
    if (this.loaded.has(sessionId)) return;
    try {
      const stored = JSON.parse(await readFile(this.file(sessionId), 'utf8')) as Record<
        string,
        PersonalRecord
      >;
      const session = this.sessions.get(sessionId) ?? new Map<string, PersonalRecord>();
      for (const [key, record] of Object.entries(stored)) if (!session.has(key)) session.set(key, record);
      this.sessions.set(sessionId, session);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.loaded.add(sessionId);
  }

  override async put(sessionId: string, ref: string, records: Record<string, PersonalRecord>): Promise<void> {
    await this.load(sessionId);
    return super.put(sessionId, ref, records);
  }

  protected override async persist(sessionId: string): Promise<void> {
    const path = this.file(sessionId);
    await this.queue.run(sessionId, async () => {
      const session = this.sessions.get(sessionId);
      if (!session || session.size === 0) {
        await rm(path, { force: true });
        return;
      }
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const tmp = `${path}.${process.pid}.tmp`;
      const handle = await open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(JSON.stringify(Object.fromEntries(session)));
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(tmp, path);
    });
  }

  override async deleteSession(sessionId: string): Promise<void> {
    this.loaded.add(sessionId);
    await super.deleteSession(sessionId);
  }
}
