import type { AppendedUpdates, DocumentStore, StoredDocument } from '../../ports/documentStore.js';

interface MemoryDocument {
  snapshot: Uint8Array | undefined;
  snapshotSeq: number;
  entries: { seq: number; update: Uint8Array }[];
  seq: number;
}

/** The data behind memory stores: share one between several stores to play several processes in tests. */
export class MemoryDocumentBackend {
  readonly docs = new Map<string, MemoryDocument>();
  readonly handles = new Set<MemoryDocumentStore>();
}

const copy = (bytes: Uint8Array) => new Uint8Array(bytes);

/** Documents in memory only: tests, and a base the file store does not need. */
export class MemoryDocumentStore implements DocumentStore {
  private readonly listeners = new Set<(batch: AppendedUpdates) => void>();

  constructor(private readonly backend = new MemoryDocumentBackend()) {
    backend.handles.add(this);
  }

  private doc(docId: string): MemoryDocument {
    let doc = this.backend.docs.get(docId);
    if (!doc) {
      doc = { snapshot: undefined, snapshotSeq: 0, entries: [], seq: 0 };
      this.backend.docs.set(docId, doc);
    }
    return doc;
  }

  async append(docId: string, updates: readonly Uint8Array[]): Promise<{ seq: number }> {
    const doc = this.doc(docId);
    const firstSeq = doc.seq + 1;
    for (const update of updates) doc.entries.push({ seq: ++doc.seq, update: copy(update) });
    const batch = { docId, firstSeq, updates: updates.map(copy) };
    for (const handle of this.backend.handles) if (handle !== this) handle.deliver(batch);
    return { seq: doc.seq };
  }

  private deliver(batch: AppendedUpdates): void {
    // Asynchronous, like a real pub/sub, so that a listener never runs inside the appender's call.
    queueMicrotask(() => {
      for (const listener of this.listeners) listener(batch);
    });
  }

  async load(docId: string): Promise<StoredDocument> {
    const doc = this.backend.docs.get(docId);
    if (!doc) return { snapshot: undefined, snapshotSeq: 0, updates: [], seq: 0 };
    return {
      snapshot: doc.snapshot && copy(doc.snapshot),
      snapshotSeq: doc.snapshotSeq,
      updates: doc.entries.map((e) => copy(e.update)),
      seq: doc.seq,
    };
  }

  async compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    const doc = this.doc(docId);
    if (throughSeq <= doc.snapshotSeq || throughSeq > doc.seq) return;
    doc.snapshot = copy(snapshot);
    doc.snapshotSeq = throughSeq;
    doc.entries = doc.entries.filter((e) => e.seq > throughSeq);
  }

  async deleteSession(sessionId: string): Promise<void> {
    for (const docId of [...this.backend.docs.keys()]) {
      if (docId.startsWith(`${sessionId}/`)) this.backend.docs.delete(docId);
    }
  }

  subscribe(listener: (batch: AppendedUpdates) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.backend.handles.delete(this);
  }
}
