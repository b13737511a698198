import type { VersionStore } from '../../ports/versionStore.js';

/** Versions in memory: for tests and the memory document store (lost on restart, like it). */
export class MemoryVersionStore implements VersionStore {
  private readonly versions = new Map<string, Uint8Array>();

  async put(sessionId: string, groupId: string, versionId: string, bytes: Uint8Array): Promise<void> {
    this.versions.set(`${sessionId}/${groupId}/${versionId}`, new Uint8Array(bytes));
  }

  async get(sessionId: string, groupId: string, versionId: string): Promise<Uint8Array | undefined> {
    const bytes = this.versions.get(`${sessionId}/${groupId}/${versionId}`);
    return bytes ? new Uint8Array(bytes) : undefined;
  }

  async discard(sessionId: string, groupId: string, versionId: string): Promise<void> {
    this.versions.delete(`${sessionId}/${groupId}/${versionId}`);
  }

  async deleteSession(sessionId: string): Promise<void> {
    for (const key of [...this.versions.keys()])
      if (key.startsWith(`${sessionId}/`)) this.versions.delete(key);
  }

  async close(): Promise<void> {}
}
