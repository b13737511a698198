/**
 * Where Yjs documents live. Each document is a snapshot (one Yjs update holding everything up to a sequence
 * number) followed by an append-only log of updates numbered 1, 2, 3… across the document's life. Adapters
 * store bytes; they never interpret them (the document service merges and compacts).
 *
 * Designed for several backends: the embedded file store (one process), memory (tests) and Redis (several
 * processes; a stream per document, like y-redis), all checked by test/contract/documentStoreContract.ts.
 */
export interface StoredDocument {
  /** Everything up to `snapshotSeq`, as one update; undefined if never compacted. */
  snapshot: Uint8Array | undefined;
  snapshotSeq: number;
  /** Updates after the snapshot, in order. */
  updates: Uint8Array[];
  /** Sequence number of the last update included (0 for an empty document). */
  seq: number;
}

export interface AppendedUpdates {
  docId: string;
  /** Sequence number of the first update of the batch; the batch is numbered consecutively. */
  firstSeq: number;
  updates: Uint8Array[];
}

export interface DocumentStore {
  /** True when other processes append to the same documents (Redis): local copies may lag the store. */
  readonly shared?: boolean;
  /**
   * Appends updates durably (an adapter resolves only once they would survive a crash) and returns the
   * sequence number of the last one.
   */
  append(docId: string, updates: readonly Uint8Array[]): Promise<{ seq: number }>;
  load(docId: string): Promise<StoredDocument>;
  /**
   * Replaces the snapshot and every update up to `throughSeq` with `snapshot`, which must hold all of them.
   * Updates appended after `throughSeq` stay. A compaction that is older than the current snapshot is a no-op.
   */
  compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void>;
  /**
   * Calls `listener` for updates appended through other handles on the same data (other processes), in
   * order, in batches of consecutive updates; never for this handle's own appends. Returns an unsubscribe
   * function. A store that has `follow` calls it only for the documents followed.
   */
  subscribe(listener: (batch: AppendedUpdates) => void): () => void;
  /**
   * Optional, for stores shared by several processes: delivers (through `subscribe`) what other processes
   * append to `docId` after `afterSeq`, read from the store's log itself from there on (so nothing is missed
   * when a connection drops), until the returned function is called.
   */
  follow?(docId: string, afterSeq: number): () => void;
  /**
   * Optional, for adapters shared by several processes: relays an awareness update (presence, cursors —
   * never stored) to the other processes' copies of the document.
   */
  publishAwareness?(docId: string, update: Uint8Array): void;
  /** Optional: awareness updates published by other processes (never this handle's own). */
  subscribeAwareness?(listener: (docId: string, update: Uint8Array) => void): () => void;
  /**
   * Optional, for stores shared by several processes: takes the document's compaction lock for a while, so
   * one process at a time compacts it. Resolves with its release, or null when another process holds it.
   */
  lockCompaction?(docId: string): Promise<{ release(): Promise<void> } | null>;
  /** Deletes every document of a session (all groups: snapshots and updates). */
  deleteSession(sessionId: string): Promise<void>;
  close(): Promise<void>;
}

/** Ids of documents: `<sessionId>/<groupId>`, both plain ids. */
export function documentId(sessionId: string, groupId: string): string {
  return `${sessionId}/${groupId}`;
}

export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+$/;
