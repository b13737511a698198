import type { Snapshot, SnapshotStore } from '../../ports/snapshotStore.js';

export class MemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, string>();

  async delete(sessionId: string): Promise<void> {
    this.snapshots.delete(sessionId);
  }

  async get(sessionId: string): Promise<Snapshot | undefined> {
    const json = this.snapshots.get(sessionId);
    return json ? (JSON.parse(json) as Snapshot) : undefined;
  }

  async put(sessionId: string, snapshot: Snapshot): Promise<void> {
    const current = await this.get(sessionId);
    if (current && current.format === snapshot.format && current.version >= snapshot.version) return;
    this.snapshots.set(sessionId, JSON.stringify(snapshot));
  }
}
