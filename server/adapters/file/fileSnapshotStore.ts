import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileFor } from './safeName.js';
import type { Snapshot, SnapshotStore } from '../../ports/snapshotStore.js';

/** Snapshots as `<dataDir>/snapshots/<sessionId>.json`, replaced atomically (write, then rename). */
export class FileSnapshotStore implements SnapshotStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'snapshots');
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private file(sessionId: string): string {
    return fileFor(this.dir, sessionId, '.json');
  }

  async delete(sessionId: string): Promise<void> {
    await rm(this.file(sessionId), { force: true });
  }

  async get(sessionId: string): Promise<Snapshot | undefined> {
    try {
      return JSON.parse(await readFile(this.file(sessionId), 'utf8')) as Snapshot;
    } catch {
      // Missing or unreadable: a cache miss, the log is replayed.
      return undefined;
    }
  }

  async put(sessionId: string, snapshot: Snapshot): Promise<void> {
    const current = await this.get(sessionId);
    if (current && current.format === snapshot.format && current.version >= snapshot.version) return;
    const path = this.file(sessionId);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(snapshot), { mode: 0o600 });
    await rename(temporary, path);
  }
}
