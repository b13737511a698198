/**
 * Who is here, shared by every process of a deployment: which processes hold a connection of which member
 * (the control plane) and the awareness states of each document (who is typing where). Every record belongs
 * to the process that holds the connection (its owner); each process renews one lease for all it holds, and
 * when a process dies its lease lapses: another process claims it, and announces its members and awareness
 * states as gone.
 */
export interface MemberHold {
  sessionId: string;
  memberId: string;
}

/** An awareness state as y-protocols encodes it: a client id, its clock, its JSON state (`null` when gone). */
export interface AwarenessRecord {
  client: number;
  clock: number;
  state: string;
}

/** What a lapsed process held, once claimed. */
export interface LapsedProcess {
  owner: string;
  /** Members it held, with how many processes still hold each (0: nobody is connected any more). */
  members: (MemberHold & { remaining: number })[];
  /** Awareness states it owned, per document (`<sessionId>/<groupId>`). */
  awareness: { docId: string; client: number; clock: number }[];
}

/** How long a removed awareness state is remembered (ms): longer than any reconnection takes. */
export const AWARENESS_REMOVAL_MS = 60_000;

export interface PresenceStore {
  /** Starts the lease of process `owner`, until `expiresAt` (ms since epoch). */
  register(owner: string, expiresAt: number): Promise<void>;
  /**
   * Extends the lease of process `owner` to `expiresAt` (ms since epoch) if it is still registered, in one
   * atomic step. Resolves false, and writes nothing, when it is not: its lease lapsed (the process stalled
   * or lost the store for longer than the lease) and another process claimed it, announcing what it held as
   * gone. The process must then register a new identity and hold its connections again.
   */
  renew(owner: string, expiresAt: number): Promise<boolean>;
  /** Process `owner` holds a connection of this member. */
  hold(owner: string, hold: MemberHold): Promise<void>;
  /** Process `owner` holds none any more; resolves with how many processes still do. */
  release(owner: string, hold: MemberHold): Promise<number>;
  /** How many processes hold a connection of this member (lapsed ones not yet claimed included). */
  holders(hold: MemberHold): Promise<number>;
  /**
   * Records awareness states owned by `owner` for a document; a state `null` records the client's removal,
   * remembered for `AWARENESS_REMOVAL_MS` after `now` (a process that loads the document later must know a
   * client was removed at that clock, or the client's next announcement would be ignored by the others).
   */
  putAwareness(owner: string, docId: string, records: AwarenessRecord[], now: number): Promise<void>;
  /** Every awareness state of a document, whoever owns it, and the removals still remembered at `now`. */
  awareness(docId: string, now: number): Promise<(AwarenessRecord & { owner: string })[]>;
  /**
   * Claims every process whose lease ended before `now` (each one by exactly one caller, and never one
   * whose lease was renewed past `now` meanwhile: the check and the removal are one atomic step), forgets what it
   * held (its awareness states count as removed, at their clock + 1) and returns it. A process that shuts
   * down cleanly releases everything itself.
   */
  claimLapsed(now: number): Promise<LapsedProcess[]>;
  /**
   * Forgets a deleted session's presence: its members' holds and its documents' awareness states (the
   * names in awareness states are personal data, docs/privacy.md).
   */
  deleteSession(sessionId: string): Promise<void>;
  /** Forgets process `owner` and all it held (clean shutdown); its awareness states count as removed at `now`. */
  retire(owner: string, now: number): Promise<void>;
  close(): Promise<void>;
}
