import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { PalabreError } from '../../../shared/errors.js';
import type { DocumentStore } from '../../ports/documentStore.js';
import { AwarenessRelay, encodeAwarenessEntries } from './awarenessRelay.js';
import type { AwarenessEntry, AwarenessLimits, AwarenessOutcome } from './awarenessRelay.js';
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
  awarenessLimits?: AwarenessLimits | undefined;
  /** Records the awareness states of local connections (and their removals) where every process reads them. */
  recordAwareness?: ((entries: AwarenessEntry[]) => void) | undefined;
  /**
   * Reads every awareness state of the document, on any process, and the removals still remembered (state
   * `null`): loaded with the document, so a newcomer sees everyone at once.
   */
  loadAwareness?: (() => Promise<AwarenessEntry[]>) | undefined;
}

/**
 * One loaded Y.Doc and the connections that share it. Accepted updates are appended to the store in
 * batches (one write and one fsync for whatever arrived meanwhile), then applied and broadcast: nobody
 * ever sees an update that a restart could lose.
 */
export class LiveDocument {
  readonly doc = new Y.Doc();
  readonly awareness: AwarenessRelay;
  readonly subscribers = new Set<DocumentSubscriber>();
  /** Called after the document changed: connections holding updates that wait for structs retry them. */
  private readonly advanceListeners = new Set<() => void>();
  private advanceScheduled = false;
  /** Contiguous high-water mark of applied log entries: a snapshot may cover up to here. */
  private applied = 0;
  private readonly ahead = new Set<number>();
  private snapshotSeq = 0;
  private pending: Pending[] = [];
  /** Set when persisting failed: the document is dropped and reloaded from the store by the next user. */
  broken = false;
  private flushing: Promise<void> = Promise.resolve();
  private running = false;
  /** The background compaction under way, if any (one at a time, never on the write path). */
  private compacting: Promise<void> | null = null;
  private destroyed = false;
  /** Stops reading what other processes append (shared stores). */
  private unfollow: (() => void) | null = null;
  /** Upper bound of the encoded document size: exact after load and compaction, then grows by updates. */
  sizeBound = 0;
  private syncing: Promise<void> | null = null;

  constructor(
    readonly id: string,
    private readonly store: DocumentStore,
    private readonly options: LiveDocumentOptions,
  ) {
    this.awareness = new AwarenessRelay(options.awarenessLimits);
  }

  async load(): Promise<void> {
    const [stored, present] = await Promise.all([this.store.load(this.id), this.loadPresent()]);
    if (present.length > 0) this.awareness.receiveRemote(encodeAwarenessEntries(present));
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
    // Other processes' appends from the next entry on, read from the store's log (no gap, no reload).
    if (!this.destroyed) this.unfollow = this.store.follow?.(this.id, stored.seq) ?? null;
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

  /** The awareness states other processes recorded (none if presence is not shared, or on failure). */
  private async loadPresent(): Promise<AwarenessEntry[]> {
    try {
      return (await this.options.loadAwareness?.()) ?? [];
    } catch (err) {
      this.options.onError('could not read who is in the document; newcomers learn it as states renew', err);
      return [];
    }
  }

  /** The document's next clock for `client` (what it has of that client's structs). */
  stateOf(client: number): number {
    return Y.getState(this.doc.store, client);
  }

  /**
   * Accepts an update that integrates whole now (see `integrability`): applied to the served document at
   * once (so the next decisions, sizes and refusals see it), then appended to the store, and only then
   * broadcast. Syncs wait for `idle()`, so nobody receives what a crash could lose. Returns null when the
   * update changed nothing (known content: nothing is stored or sent); else resolves with the store's
   * error if persisting failed.
   */
  accept(update: Uint8Array, origin: DocumentSubscriber | null): Promise<PalabreError | null> | null {
    if (this.broken)
      return Promise.resolve({ code: 'unavailable', message: 'the document is being reloaded' });
    let transaction: Y.Transaction | null = null;
    try {
      Y.transact(
        this.doc,
        (tr) => {
          transaction = tr;
          Y.applyUpdate(this.doc, update, origin);
        },
        origin,
      );
    } catch (err) {
      // Yjs failed half-way: this copy may hold part of the update. The store does not (nothing was
      // appended): the sender is closed as broken, everyone else reconnects to a copy reloaded from it.
      origin?.close({ code: 'bad_request', message: 'the update could not be applied' });
      this.breakDown('could not apply a document update', err, {
        code: 'unavailable',
        message: 'the document is being reloaded; reconnect',
      });
      return Promise.resolve({ code: 'bad_request', message: 'the update could not be applied' });
    }
    const tr = transaction as Y.Transaction | null;
    if (!tr || !changedAnything(tr)) return null;
    let stored = update;
    const store = this.doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      // Never expected (callers apply only updates that integrate whole): keep only what integrated.
      this.options.onError('an accepted update left pending structs; dropped them', null);
      store.pendingStructs = null;
      store.pendingDs = null;
      stored = Y.encodeStateAsUpdate(this.doc, encodeStateVector(tr.beforeState));
    }
    this.sizeBound += stored.length;
    this.advanced();
    return new Promise((resolve) => {
      this.pending.push({ update: stored, origin, done: resolve });
      if (!this.running) this.flushing = this.flush();
    });
  }

  /** Registers a retry to run after each change of the document; returns its removal. */
  onAdvance(listener: () => void): () => void {
    this.advanceListeners.add(listener);
    return () => this.advanceListeners.delete(listener);
  }

  /** Tells waiting connections (once per tick) that the document has more structs now. */
  private advanced(): void {
    if (this.advanceListeners.size === 0 || this.advanceScheduled) return;
    this.advanceScheduled = true;
    queueMicrotask(() => {
      this.advanceScheduled = false;
      for (const listener of [...this.advanceListeners]) listener();
    });
  }

  /** Resolves when every accepted update is persisted and broadcast, and no compaction is under way. */
  async idle(): Promise<void> {
    while (this.running || this.compacting) await (this.running ? this.flushing : this.compacting);
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
          const error: PalabreError = { code: 'unavailable', message: 'the document store is unavailable' };
          for (const p of batch) p.done(error);
          this.breakDown('could not persist document updates', err, error);
          return;
        }
        const first = last - batch.length + 1;
        batch.forEach((_p, i) => this.markApplied(first + i));
        this.broadcastBatch(batch);
        for (const p of batch) p.done(null);
        this.compactInBackground();
      }
    } finally {
      this.running = false;
      this.checkForHoles();
    }
  }

  /**
   * This copy can no longer be trusted to equal the store: every waiting write fails, every subscriber is
   * closed with `error`, and the service forgets the copy (the next user reloads it from the store).
   */
  private breakDown(message: string, err: unknown, error: PalabreError): void {
    this.options.onError(message, err);
    this.broken = true;
    for (const p of this.pending) p.done(error);
    this.pending = [];
    for (const subscriber of [...this.subscribers]) subscriber.close(error);
    this.options.onBroken(this);
  }

  /**
   * Updates other processes appended (store subscription): apply and broadcast; nothing to persist. Entries
   * this copy already holds (loaded with it) are skipped.
   */
  receiveRemote(firstSeq: number, updates: Uint8Array[]): void {
    updates.forEach((update, i) => {
      const seq = firstSeq + i;
      if (seq <= this.applied || this.ahead.has(seq)) return;
      Y.applyUpdate(this.doc, update, null);
      this.sizeBound += update.length;
      this.markApplied(seq);
      this.broadcast(encodeUpdate(update), null);
    });
    this.advanced();
    this.checkForHoles();
  }

  /**
   * Entries beyond a hole while none of our own appends is in flight. A store that follows documents reads
   * them from the last entry applied, so this happens only if a compaction trimmed entries this copy had not
   * read yet (a process far behind); a store without `follow` (memory) may lose a delivery. Either way, read
   * the store again rather than wait for entries that will not come.
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
          this.advanced();
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

  /**
   * Starts a compaction once `compactEvery` updates follow the last snapshot, without waiting for it: the
   * writer loop goes on persisting and broadcasting meanwhile (issue #17: compaction off the write path).
   */
  private compactInBackground(): void {
    if (this.compacting || this.applied - this.snapshotSeq < this.options.compactEvery) return;
    this.compacting = this.compact().finally(() => (this.compacting = null));
  }

  /**
   * Replaces the log up to what this copy has applied with one snapshot. With a store shared by several
   * processes, only the one holding the store's compaction lock for this document does it (the others
   * would encode the same document for nothing). Failures are logged: the log still holds everything, and
   * compaction is tried again after the next updates.
   */
  async compact(): Promise<void> {
    const through = this.applied;
    if (through <= this.snapshotSeq) return;
    let lock: { release(): Promise<void> } | null = null;
    try {
      if (this.store.lockCompaction) {
        lock = await this.store.lockCompaction(this.id);
        if (!lock) {
          // Another process is compacting this document: count its snapshot as ours, so this copy tries
          // again only after `compactEvery` more updates rather than after each batch.
          this.snapshotSeq = Math.max(this.snapshotSeq, through);
          return;
        }
      }
      if (this.destroyed || this.broken) return;
      const snapshot = Y.encodeStateAsUpdate(this.doc);
      await this.store.compact(this.id, snapshot, through);
      this.snapshotSeq = Math.max(this.snapshotSeq, through);
      this.sizeBound = snapshot.length;
    } catch (err) {
      this.options.onError('could not compact a document', err);
    } finally {
      await lock?.release().catch((err: unknown) => this.options.onError('could not release a lock', err));
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

  /**
   * Validates awareness from a connection and relays what it may announce to the others (and to other
   * processes). Throws MalformedFrame when the update does not decode.
   */
  relayAwareness(update: Uint8Array, from: DocumentSubscriber): AwarenessOutcome {
    const outcome = this.awareness.receive(update, from);
    if (outcome.relay) {
      this.broadcast(encodeAwareness(outcome.relay), from);
      this.options.publishAwareness?.(outcome.relay);
      this.options.recordAwareness?.(outcome.accepted);
    }
    return outcome;
  }

  /** Awareness from another process's connections (already validated there): relay it to ours. */
  receiveRemoteAwareness(update: Uint8Array): void {
    let changed: Uint8Array | null;
    try {
      changed = this.awareness.receiveRemote(update);
    } catch {
      return;
    }
    if (changed) this.broadcast(encodeAwareness(changed), null);
  }

  /**
   * This process's presence lease was claimed while its connections stayed open (see
   * `AwarenessRelay.reclaimLocal`): each local client is told its own state was removed, so it announces
   * it again, and that announcement reaches every process as usual.
   */
  reannounceLocal(): void {
    for (const [owner, removals] of this.awareness.reclaimLocal()) {
      const subscriber = owner as DocumentSubscriber;
      if (this.subscribers.has(subscriber)) {
        subscriber.send(encodeAwareness(encodeAwarenessEntries(removals)));
      }
    }
  }

  detach(subscriber: DocumentSubscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    const gone = this.awareness.removeOwner(subscriber);
    if (gone.length > 0) {
      const update = encodeAwarenessEntries(gone);
      this.broadcast(encodeAwareness(update), null);
      this.options.publishAwareness?.(update);
      this.options.recordAwareness?.(gone);
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.unfollow?.();
    this.unfollow = null;
    this.doc.destroy();
  }
}

/** Whether a finished transaction created or deleted anything. */
function changedAnything(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if ((tr.beforeState.get(client) ?? 0) < clock) return true;
  return false;
}

/** A state vector (client → next clock) in yjs' v1 encoding (`Y.encodeStateVector`). */
function encodeStateVector(state: Map<number, number>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, state.size);
  for (const [client, clock] of state) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}
