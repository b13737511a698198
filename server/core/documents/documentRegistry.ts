import type { LiveDocument } from './liveDocument.js';

/**
 * Where a loaded document is in its life. One state per document, held by the registry:
 *
 * - `loading`: read from the store; remote updates already reach it; leases wait for it;
 * - `live`: served; held by at least one lease, or just released;
 * - `unloading`: no lease left, its last updates are being written before it leaves memory; a new lease
 *   revives it (nothing is reloaded);
 * - `broken`: it failed to persist or to apply an update and no longer equals the store: it is forgotten at
 *   once, and the next lease loads a fresh copy from the store.
 */
export const DocumentState = {
  Loading: 'loading',
  Live: 'live',
  Unloading: 'unloading',
  Broken: 'broken',
} as const;
export type DocumentState = (typeof DocumentState)[keyof typeof DocumentState];

interface Entry {
  state: DocumentState;
  doc: LiveDocument;
  /** Resolves when the load ends (rejects if it failed). */
  loaded: Promise<void>;
  leases: number;
}

/** A hold on a live document: it stays in memory until every lease is released. */
export interface DocumentLease {
  readonly doc: LiveDocument;
  /** Gives the hold back (idempotent). */
  release(): void;
}

export interface DocumentRegistryOptions {
  /** Creates the in-memory copy of a document (not loaded yet). */
  create(id: string): LiveDocument;
  onError(message: string, err: unknown, id: string): void;
}

/**
 * The live documents of this process, one entry per document with one explicit state, handed out as
 * leases. Loads are shared (two connections opening the same document load it once), a document leaves
 * memory when its last lease is released and its updates are written, and a broken copy is replaced by a
 * fresh load. Nothing outside holds counters: `acquire` / `release`, or `withDocument`.
 */
export class DocumentRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: DocumentRegistryOptions) {}

  /** Holds the document `id`, loading it first if needed. Rejects if it cannot be loaded. */
  async acquire(id: string): Promise<DocumentLease> {
    for (;;) {
      let entry = this.entries.get(id);
      if (!entry) entry = this.load(id);
      entry.leases++;
      if (entry.state === DocumentState.Unloading) entry.state = DocumentState.Live;
      try {
        await entry.loaded;
      } catch (err) {
        entry.leases--;
        throw err;
      }
      // Broken while we waited: it is gone from the registry; take a fresh copy.
      if (entry.state === DocumentState.Broken) {
        entry.leases--;
        continue;
      }
      return this.lease(entry);
    }
  }

  /** Runs `fn` with the document held, and releases it after, whatever happens. */
  async withDocument<T>(id: string, fn: (doc: LiveDocument) => Promise<T> | T): Promise<T> {
    const lease = await this.acquire(id);
    try {
      return await fn(lease.doc);
    } finally {
      lease.release();
    }
  }

  /** The copy being loaded or served, if any: updates from other processes reach it even mid-load. */
  find(id: string): LiveDocument | undefined {
    const entry = this.entries.get(id);
    return entry && entry.state !== DocumentState.Broken ? entry.doc : undefined;
  }

  /** Every copy being loaded or served (not broken). */
  documents(): LiveDocument[] {
    return [...this.entries.values()].filter((e) => e.state !== DocumentState.Broken).map((e) => e.doc);
  }

  /** The state of `id`'s entry (for tests and metrics), or undefined when it is not in memory. */
  stateOf(id: string): DocumentState | undefined {
    return this.entries.get(id)?.state;
  }

  /** The document no longer equals the store: forget it; its leases fail, the next one reloads. */
  markBroken(doc: LiveDocument): void {
    const entry = this.entries.get(doc.id);
    if (!entry || entry.doc !== doc) return;
    entry.state = DocumentState.Broken;
    this.entries.delete(doc.id);
    doc.destroy();
  }

  /** Documents in memory (any state but broken). */
  get size(): number {
    return this.entries.size;
  }

  /** Waits for every document to have written its updates (shutdown). */
  async close(): Promise<void> {
    await Promise.all(
      [...this.entries.values()].map((e) => e.loaded.then(() => e.doc.idle()).catch(() => undefined)),
    );
  }

  private load(id: string): Entry {
    const doc = this.options.create(id);
    const entry: Entry = { state: DocumentState.Loading, doc, leases: 0, loaded: Promise.resolve() };
    entry.loaded = doc.load().then(
      () => {
        if (entry.state === DocumentState.Loading) entry.state = DocumentState.Live;
      },
      (err: unknown) => {
        if (this.entries.get(id) === entry) this.entries.delete(id);
        doc.destroy();
        throw err;
      },
    );
    this.entries.set(id, entry);
    return entry;
  }

  private lease(entry: Entry): DocumentLease {
    let released = false;
    return {
      doc: entry.doc,
      release: () => {
        if (released) return;
        released = true;
        entry.leases--;
        if (entry.leases === 0 && entry.state === DocumentState.Live) this.unload(entry);
      },
    };
  }

  /** No lease left: write what remains, then leave memory — unless a lease came back meanwhile. */
  private unload(entry: Entry): void {
    entry.state = DocumentState.Unloading;
    entry.doc
      .idle()
      .then(() => {
        if (entry.state !== DocumentState.Unloading || this.entries.get(entry.doc.id) !== entry) return;
        this.entries.delete(entry.doc.id);
        entry.doc.destroy();
      })
      .catch((err: unknown) => this.options.onError('could not unload a document', err, entry.doc.id));
  }
}
