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

export interface PresenceStore {
  /** Renews the lease of process `owner` until `expiresAt` (ms since epoch). */
  renew(owner: string, expiresAt: number): Promise<void>;
  /** Process `owner` holds a connection of this member. */
  hold(owner: string, hold: MemberHold): Promise<void>;
  /** Process `owner` holds none any more; resolves with how many processes still do. */
  release(owner: string, hold: MemberHold): Promise<number>;
  /** How many processes hold a connection of this member (lapsed ones not yet claimed included). */
  holders(hold: MemberHold): Promise<number>;
  /** Records (or, with state `null`, removes) awareness states owned by `owner` for a document. */
  putAwareness(owner: string, docId: string, records: AwarenessRecord[]): Promise<void>;
  /** Every awareness state of a document, whoever owns it. */
  awareness(docId: string): Promise<(AwarenessRecord & { owner: string })[]>;
  /**
   * Claims every process whose lease ended before `now` (each one by exactly one caller), forgets what it
   * held and returns it. A process that shuts down cleanly releases everything itself.
   */
  claimLapsed(now: number): Promise<LapsedProcess[]>;
  /** Forgets process `owner` and all it held (clean shutdown). */
  retire(owner: string): Promise<void>;
  close(): Promise<void>;
}
