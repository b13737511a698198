import type { PersonalDataStore, PersonalRecord } from '../../ports/personalDataStore.js';

/** Personal data in memory: tests, and a single process whose event store is in memory too. */
export class MemoryPersonalDataStore implements PersonalDataStore {
  /** sessionId → `${ref}/${memberId}` → record */
  protected readonly sessions = new Map<string, Map<string, PersonalRecord>>();

  async put(sessionId: string, ref: string, records: Record<string, PersonalRecord>): Promise<void> {
    const session = this.sessions.get(sessionId) ?? new Map<string, PersonalRecord>();
    for (const [memberId, record] of Object.entries(records)) {
      session.set(`${ref}/${memberId}`, structuredClone(record));
    }
    this.sessions.set(sessionId, session);
    await this.persist(sessionId);
  }

  async get(
    sessionId: string,
    refs: readonly string[],
  ): Promise<Map<string, Record<string, PersonalRecord>>> {
    await this.load(sessionId);
    const wanted = new Set(refs);
    const found = new Map<string, Record<string, PersonalRecord>>();
    for (const [key, record] of this.sessions.get(sessionId) ?? []) {
      const [ref, memberId] = key.split('/') as [string, string];
      if (!wanted.has(ref)) continue;
      found.set(ref, { ...found.get(ref), [memberId]: structuredClone(record) });
    }
    return found;
  }

  async eraseMember(sessionId: string, memberId: string): Promise<void> {
    await this.load(sessionId);
    const session = this.sessions.get(sessionId);
    if (!session) return;
    for (const key of [...session.keys()]) if (key.endsWith(`/${memberId}`)) session.delete(key);
    await this.persist(sessionId);
  }

  async deleteSession(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
    await this.persist(sessionId);
  }

  async close(): Promise<void> {}

  /** Durable adapters read a session's records here (once) and write them after each change. */
  protected async load(_sessionId: string): Promise<void> {}
  protected async persist(_sessionId: string): Promise<void> {}
}
