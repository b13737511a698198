import type { PersonalDataStore, PersonalRecord } from '../../ports/personalDataStore.js';

/** One session's records: event ref → member id → record. */
export type SessionRecords = Map<string, Map<string, PersonalRecord>>;

/**
 * Personal data in memory: tests, and a single process whose event store is in memory too. Records are
 * indexed by event ref, so reading the records of a few events costs those events, not the session's size
 * (a join reads its own event's records back: with a flat index that was a scan of every member's records,
 * O(members) per join, bench/RESULTS.md "Scale on one process").
 */
export class MemoryPersonalDataStore implements PersonalDataStore {
  /** sessionId → ref → memberId → record */
  protected readonly sessions = new Map<string, SessionRecords>();

  async put(sessionId: string, ref: string, records: Record<string, PersonalRecord>): Promise<void> {
    const session = this.sessions.get(sessionId) ?? (new Map() as SessionRecords);
    const byMember = session.get(ref) ?? new Map<string, PersonalRecord>();
    for (const [memberId, record] of Object.entries(records)) byMember.set(memberId, structuredClone(record));
    session.set(ref, byMember);
    this.sessions.set(sessionId, session);
    await this.persist(sessionId, { ref, records });
  }

  async get(
    sessionId: string,
    refs: readonly string[],
  ): Promise<Map<string, Record<string, PersonalRecord>>> {
    await this.load(sessionId);
    const session = this.sessions.get(sessionId);
    const found = new Map<string, Record<string, PersonalRecord>>();
    for (const ref of new Set(refs)) {
      const byMember = session?.get(ref);
      if (!byMember || byMember.size === 0) continue;
      const records: Record<string, PersonalRecord> = {};
      for (const [memberId, record] of byMember) records[memberId] = structuredClone(record);
      found.set(ref, records);
    }
    return found;
  }

  async eraseMember(sessionId: string, memberId: string): Promise<void> {
    await this.load(sessionId);
    const session = this.sessions.get(sessionId);
    if (!session) return;
    for (const [ref, byMember] of session) {
      byMember.delete(memberId);
      if (byMember.size === 0) session.delete(ref);
    }
    await this.persist(sessionId);
  }

  async deleteSession(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
    await this.persist(sessionId);
  }

  async close(): Promise<void> {}

  /** Durable adapters read a session's records here (once). */
  protected async load(_sessionId: string): Promise<void> {}

  /**
   * Durable adapters write a session's change here: `added`, the records one `put` stored (nothing else
   * changed), or nothing: records were deleted (the whole session is to be written again).
   */
  protected async persist(
    _sessionId: string,
    _added?: { ref: string; records: Record<string, PersonalRecord> },
  ): Promise<void> {}
}
