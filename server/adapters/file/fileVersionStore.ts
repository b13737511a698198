import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { VersionStore } from '../../ports/versionStore.js';
import { isSafeId } from './safeName.js';
import { writeAtomically } from './syncedFiles.js';

/**
 * The embedded default: `<dataDir>/versions/<sessionId>/<groupId>/<versionId>.ydoc`, one file per version,
 * written to a temporary file, fsynced, then renamed into place (a reader never sees half a version).
 * Readable by the owner only.
 */
export class FileVersionStore implements VersionStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'versions');
  }

  private path(sessionId: string, groupId: string, versionId: string): { dir: string; file: string } {
    if (![sessionId, groupId, versionId].every(isSafeId))
      throw new Error('invalid session, group or version id');
    const dir = join(this.dir, sessionId, groupId);
    return { dir, file: join(dir, `${versionId}.ydoc`) };
  }

  async put(sessionId: string, groupId: string, versionId: string, bytes: Uint8Array): Promise<void> {
    await writeAtomically(this.path(sessionId, groupId, versionId).file, bytes);
  }

  async get(sessionId: string, groupId: string, versionId: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.path(sessionId, groupId, versionId).file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async discard(sessionId: string, groupId: string, versionId: string): Promise<void> {
    await rm(this.path(sessionId, groupId, versionId).file, { force: true });
  }

  async deleteSession(sessionId: string): Promise<void> {
    if (!isSafeId(sessionId)) throw new Error('invalid session id');
    await rm(join(this.dir, sessionId), { recursive: true, force: true });
  }

  async close(): Promise<void> {}
}
