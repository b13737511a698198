/**
 * The bytes of recorded document versions (a Yjs update holding a group's whole document when it left a
 * drafting stretch), outside the session log: the log carries the version's id, its sha256 and its text
 * (`document.versioned`, `draft.recorded`); these are the bytes the versions API serves and the hash checks.
 *
 * Written before the decision that names them (`document.record`); a version whose record was refused (another
 * process recorded that closing first) is discarded, so the store never holds bytes the log does not name
 * for long, and never lacks bytes it names.
 */
export interface VersionStore {
  /** Stores a version's bytes under its id; durable when it resolves. Storing the same id again replaces it. */
  put(sessionId: string, groupId: string, versionId: string, bytes: Uint8Array): Promise<void>;
  /** The bytes of a version, or undefined when none were stored under that id. */
  get(sessionId: string, groupId: string, versionId: string): Promise<Uint8Array | undefined>;
  /** Forgets a version (no-op when absent). */
  discard(sessionId: string, groupId: string, versionId: string): Promise<void>;
  /** Deletes every version of every group of a session. */
  deleteSession(sessionId: string): Promise<void>;
  close(): Promise<void>;
}
