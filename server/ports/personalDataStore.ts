/**
 * Personal data kept outside the hash-chained log: a member's name, join and imported attributes, and the
 * profiles recorded with a draw. An event that carries such data is stored without it and with a seal
 * (`personal: { ref, commitments }`, see core/personalData.ts); the values live here, one record per
 * (event ref, member), each with the salt of its commitment. Erasing a member deletes their records: the
 * log still verifies (its hashes cover the commitments, not the values) and reads as "erased member".
 */
export interface PersonalRecord {
  /** Random, per record: the commitment is sha256(salt, values); without the salt it reveals nothing. */
  salt: string;
  values: Record<string, unknown>;
}

export interface PersonalDataStore {
  /** Stores the records of one event (`ref`), one per member. Durable when it resolves. */
  put(sessionId: string, ref: string, records: Record<string, PersonalRecord>): Promise<void>;
  /** The records of these event refs that still exist, by ref then member. */
  get(sessionId: string, refs: readonly string[]): Promise<Map<string, Record<string, PersonalRecord>>>;
  /** Deletes every record of a member in a session. */
  eraseMember(sessionId: string, memberId: string): Promise<void>;
  /** Deletes every record of a session. */
  deleteSession(sessionId: string): Promise<void>;
  close(): Promise<void>;
}
