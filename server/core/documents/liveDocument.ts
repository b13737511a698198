import * as Y from 'yjs';
import type { PalabreError } from '../../../shared/errors.js';
import type { DocumentStore } from '../../ports/documentStore.js';
import { AwarenessRelay } from './awarenessRelay.js';
import { encodeAwareness, encodeUpdate } from './messages.js';

/** What the document needs from a connection: a way to send it frames. */
export interface DocumentSubscriber {
  send(frame: Uint8Array): void;
  close(error: PalabreError): void;
}

interface Pending {
  update: Uint8Array;
  origin: DocumentSubscriber | null;
  done: (error: PalabreError | null) => void;
}

export interface LiveDocumentOptions {
  /** Compact the log into one snapshot once this many updates follow the last snapshot. */
  compactEvery: number;
  onError: (message: string, err: unknown) => void;
  /** Persisting failed: every subscriber was closed; forget this instance (the store has the truth). */
  onBroken: (live: LiveDocument) => void;
  /** Several processes: hands awareness updates of local connections to the others. */
  publishAwareness?: ((update: Uint8Array) => void) | undefined;
}

/**
 * One loaded Y.Doc and the connections that share it. Accepted updates are appended to the store in
 * batches (one write and one fsync for whatever arrived meanwhile), then applied and broadcast: nobody
 * ever sees an update that a restart could lose.
 */
export class LiveDocument {
  readonly doc = new Y.Doc();
  readonly awareness = new AwarenessRelay();
  readonly subscribers = new Set<DocumentSubscriber>();
  /** Holders other than connections (e.g. a version being recorded) that keep the document loaded. */
  holds = 0;
  /** Contiguous high-water mark of applied log entries: a snapshot may cover up to here. */
  private applied = 0;
  private readonly ahead = new Set<number>();
  private snapshotSeq = 0;
  private pending: Pending[] = [];
  /** Set when persisting failed: the document is dropped and reloaded from the store by the next user. */
  broken = false;
  private flushing: Promise<void> = Promise.resolve();
  private running = false;
  /** Upper bound of the encoded document size: exact after load and compaction, then grows by updates. */
  sizeBound = 0;
  private syncing: Promise<void> | null = null;

  constructor(
    readonly id: string,
    private readonly store: DocumentStore,
    private readonly options: LiveDocumentOptions,
  ) {}

  async load(): Promise<void> {
    const stored = await this.store.load(this.id);
    Y.transact(this.doc, () => {
      if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(this.doc, update);
    });
    // Remote batches may have arrived while the store was read: Yjs applies them in any order, and
    // the numbering keeps whichever is further.
    for (const seq of [...this.ahead]) if (seq <= stored.seq) this.ahead.delete(seq);
    this.applied = Math.max(this.applied, stored.seq);
    while (this.ahead.delete(this.applied + 1)) this.applied++;
    this.snapshotSeq = stored.snapshotSeq;
    this.sizeBound = Y.encodeStateAsUpdate(this.doc).length;
  }

  get users(): number {
    return this.subscribers.size + this.holds;
  }

  /**
   * Whether `bytes` more keep the document within `max`: the cheap bound first, the exact size (encoding
   * the document) only when the bound says it may not.
   */
  fits(bytes: number, max: number): boolean {
    if (this.sizeBound + bytes <= max) return true;
    this.sizeBound = Y.encodeStateAsUpdate(this.doc).length;
    return this.sizeBound + bytes <= max;
  }

  /**
   * Accepts an update: applied to the served document at once (so the next decisions, sizes and refusals
   * see it), then appended to the store, and only then broadcast. Syncs wait for `idle()`, so nobody
   * receives what a crash could lose. Resolves with the store's error if persisting failed.
   */
  submit(update: Uint8Array, origin: DocumentSubscriber | null): Promise<PalabreError | null> {
    Y.applyUpdate(this.doc, update, origin);
    this.sizeBound += update.length;
    return new Promise((resolve) => {
      this.pending.push({ update, origin, done: resolve });
      if (!this.running) this.flushing = this.flush();
    });
  }

  /** Resolves when every accepted update is persisted and broadcast. */
  async idle(): Promise<void> {
    while (this.running) await this.flushing;
  }

  /**
   * The one writer loop: whatever was accepted meanwhile goes in one append (one fsync). `running` is set
   * and cleared synchronously around the loop, so a submit as it ends starts a new loop.
   */
  private async flush(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        let last: number;
        try {
          last = (
            await this.store.append(
              this.id,
              batch.map((p) => p.update),
            )
          ).seq;
        } catch (err) {
          // The served document now holds updates the store does not: it must not serve anyone any more.
          this.options.onError('could not persist document updates', err);
          this.broken = true;
          const error: PalabreError = { code: 'unavailable', message: 'the document store is unavailable' };
          for (const p of [...batch, ...this.pending]) p.done(error);
          this.pending = [];
          for (const subscriber of [...this.subscribers]) subscriber.close(error);
          this.options.onBroken(this);
          return;
        }
        const first = last - batch.length + 1;
        batch.forEach((_p, i) => this.markApplied(first + i));
        this.broadcastBatch(batch);
        for (const p of batch) p.done(null);
        if (this.applied - this.snapshotSeq >= this.options.compactEvery) await this.compact();
      }
    } finally {
      this.running = false;
      this.checkForHoles();
    }
  }

  /** Updates other processes appended (store subscription): apply and broadcast; nothing to persist. */
  receiveRemote(firstSeq: number, updates: Uint8Array[]): void {
    updates.forEach((update, i) => {
      Y.applyUpdate(this.doc, update, null);
      this.sizeBound += update.length;
      this.markApplied(firstSeq + i);
      this.broadcast(encodeUpdate(update), null);
    });
    this.checkForHoles();
  }

  /**
   * Entries beyond a hole while none of our own appends is in flight: a feed message was lost (e.g. the
   * connection to Redis blipped). Read the store again rather than wait for a message that will not come.
   */
  private checkForHoles(): void {
    if (this.ahead.size > 0 && !this.running) void this.syncFromStore();
  }

  /**
   * Applies whatever the store holds that this copy lacks (applying an update twice is a no-op in Yjs) and
   * broadcasts what actually changed. Used after a lost feed message and before recording a version.
   */
  syncFromStore(): Promise<void> {
    if (!this.syncing) {
      this.syncing = (async () => {
        const stored = await this.store.load(this.id);
        const changes: Uint8Array[] = [];
        const capture = (update: Uint8Array) => changes.push(update);
        this.doc.on('update', capture);
        try {
          Y.transact(this.doc, () => {
            if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
            for (const update of stored.updates) Y.applyUpdate(this.doc, update);
          });
        } finally {
          this.doc.off('update', capture);
        }
        for (const seq of [...this.ahead]) if (seq <= stored.seq) this.ahead.delete(seq);
        if (stored.seq > this.applied) this.applied = stored.seq;
        while (this.ahead.delete(this.applied + 1)) this.applied++;
        if (changes.length > 0) {
          this.sizeBound += changes.reduce((n, u) => n + u.length, 0);
          this.broadcast(encodeUpdate(Y.mergeUpdates(changes)), null);
        }
      })()
        .catch((err: unknown) => this.options.onError('could not read a document back from the store', err))
        .finally(() => (this.syncing = null));
    }
    return this.syncing;
  }

  private markApplied(seq: number): void {
    if (seq <= this.applied) return;
    this.ahead.add(seq);
    while (this.ahead.delete(this.applied + 1)) this.applied++;
  }

  async compact(): Promise<void> {
    const through = this.applied;
    if (through <= this.snapshotSeq) return;
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    try {
      await this.store.compact(this.id, snapshot, through);
      this.snapshotSeq = through;
      this.sizeBound = snapshot.length;
    } catch (err) {
      // The log still holds everything; compaction is retried after the next updates.
      this.options.onError('could not compact a document', err);
    }
  }

  /**
   * One frame per persisted batch: under a burst, readers get one merged update instead of hundreds. The
   * origin of every update in the batch is skipped; others get the batch whole (their own part is a no-op).
   */
  private broadcastBatch(batch: Pending[]): void {
    const only = batch[0]!;
    if (batch.length === 1) return this.broadcast(encodeUpdate(only.update), only.origin);
    const origin = batch.every((p) => p.origin === only.origin) ? only.origin : null;
    this.broadcast(encodeUpdate(Y.mergeUpdates(batch.map((p) => p.update))), origin);
  }

  broadcast(frame: Uint8Array, except: DocumentSubscriber | null): void {
    for (const subscriber of this.subscribers) if (subscriber !== except) subscriber.send(frame);
  }

  relayAwareness(update: Uint8Array, from: DocumentSubscriber): void {
    this.awareness.receive(update, from);
    this.broadcast(encodeAwareness(update), from);
    this.options.publishAwareness?.(update);
  }

  /** Awareness from another process's connections (already validated there): relay it to ours. */
  receiveRemoteAwareness(update: Uint8Array): void {
    try {
      this.awareness.receiveRemote(update);
    } catch {
      return;
    }
    this.broadcast(encodeAwareness(update), null);
  }

  detach(subscriber: DocumentSubscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    const gone = this.awareness.removeOwner(subscriber);
    if (gone) {
      this.broadcast(encodeAwareness(gone), null);
      this.options.publishAwareness?.(gone);
    }
  }

  destroy(): void {
    this.doc.destroy();
  }
}
