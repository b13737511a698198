import type { SessionState } from '../../shared/session/types.js';

/**
 * A cache of session states, so that loading a long session replays only the events after the snapshot.
 * Never the truth: the log is. A snapshot whose `format` differs from the running code's (the domain code
 * changed, see server/core/stateFormat.ts) is ignored and the log is replayed from the start.
 */
export interface Snapshot {
  format: string;
  version: number;
  state: SessionState;
}

export interface SnapshotStore {
  get(sessionId: string): Promise<Snapshot | undefined>;
  /** Stores a snapshot unless a newer one is already there. */
  put(sessionId: string, snapshot: Snapshot): Promise<void>;
  /** Forgets the session's snapshot (no-op when there is none). */
  delete(sessionId: string): Promise<void>;
}
