import * as Y from 'yjs';
import type { PalabreError } from '../../../shared/errors.js';
import type { AccessCheck } from '../../../shared/session/documents/access.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { LiveDocument } from './liveDocument.js';
import {
  MalformedFrame,
  decodeClientFrame,
  encodeAwareness,
  encodePermissionDenied,
  encodeStep1,
  encodeStep2,
} from './messages.js';
import type { ClientMessage } from './messages.js';
import { integrability, structureProblem, tombstoneUpdate } from './integration.js';
import { refuseContent, scanUpdate } from './updateScan.js';
import type { UpdateShape } from './updateScan.js';
import { TokenBucket } from '../tokenBucket.js';

/** Frames above this close the connection (4413); the transport may cut them even earlier. */
export const maxFrameBytes = (maxUpdateBytes: number) => maxUpdateBytes * 4;

/** The transport side of a connection: send a frame, stop or restart reading, or close with a typed error. */
export interface DocumentPeer {
  send(frame: Uint8Array): void;
  close(error: PalabreError): void;
  /** Stop reading the client's socket (backpressure: TCP then slows the sender down). */
  pause(): void;
  resume(): void;
}

export interface ConnectionLimits {
  maxUpdateBytes: number;
  maxDocumentBytes: number;
  /**
   * Message batches per second, bursts up to 4×. Beyond, the connection stops reading its socket until
   * the next batch is due, and whatever arrived meanwhile is handled as one batch (updates merged): a fast
   * writer is slowed down, never closed, and loses nothing.
   */
  messagesPerSecond: number;
  /**
   * How long an update that refers to structs the document does not have may wait for them (ms). A
   * process catching up through Redis may see an update before its dependency; past this, the update is
   * dropped and the client asked to sync again.
   */
  pendingMs: number;
}

/** Updates that cannot integrate, dropped in a row, before the connection is closed as broken (4400). */
export const MAX_DROPPED_PENDING = 3;
/** Unread input a connection may buffer while its socket is paused; beyond, it is closed (4529, it reconnects). */
const MAX_INBOUND_BYTES = 8 * 1024 * 1024;

export interface ConnectionContext {
  sessionId: string;
  groupId: string;
  /** Member id, or null for an observer connected with an invite (read-only, no member). */
  memberId: string | null;
  /**
   * Whether this connection may ever write (members other than observers). Refused insertions of those
   * who may are kept as deleted items, so their later edits integrate; others' are dropped whole.
   */
  mayEverWrite: boolean;
  /** Asked on every update, so that phase changes and moves apply at once. */
  mayWrite: () => AccessCheck;
  clock: Clock;
  onClose: (connection: DocumentConnection) => void;
  log: (message: string, fields: Record<string, unknown>) => void;
}

interface Held {
  update: Uint8Array;
  timer: TimerHandle;
  stopRetrying: () => void;
}

/**
 * One y-websocket connection to one document. It decodes every frame strictly, paces the client (token
 * bucket with backpressure and coalescing, never a close), passes updates through the write gate, applies
 * only what integrates whole (the rest waits, bounded), answers refusals (auth "permission denied"; the
 * shared document keeps nothing visible of a refused update), relays awareness, and closes only itself
 * on bad input.
 */
export class DocumentConnection {
  private closed = false;
  private readonly bucket: TokenBucket;
  private inbound: Uint8Array[] = [];
  private inboundBytes = 0;
  private paused = false;
  private resumeTimer: TimerHandle | null = null;
  private held: Held | null = null;
  private droppedInRow = 0;

  constructor(
    private readonly live: LiveDocument,
    private readonly peer: DocumentPeer,
    readonly ctx: ConnectionContext,
    private readonly limits: ConnectionLimits,
  ) {
    this.bucket = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond * 4, ctx.clock.now());
  }

  /** Attaches to the document and starts the sync: server step 1, then known awareness states. */
  start(): void {
    this.live.subscribers.add(this);
    this.peer.send(encodeStep1(Y.encodeStateVector(this.live.doc)));
    const awareness = this.live.awareness.encodeAll();
    if (awareness) this.peer.send(encodeAwareness(awareness));
  }

  send(frame: Uint8Array): void {
    if (!this.closed) this.peer.send(frame);
  }

  /** A frame from the client: handled now, or queued while the client is being paced. */
  receive(frame: Uint8Array): void {
    if (this.closed) return;
    // Past 4× the update limit a frame is not worth decoding; below, an oversized update is refused like
    // any other refusal, so the client can go on.
    if (frame.length > maxFrameBytes(this.limits.maxUpdateBytes)) {
      return this.close({
        code: 'payload_too_large',
        message: `a message may hold at most ${this.limits.maxUpdateBytes} bytes`,
      });
    }
    // The one copy of a frame: it may wait here while the client is paced, the socket may reuse its
    // buffer, and the decoded payloads are views into it (see decodeClientFrame).
    this.inbound.push(new Uint8Array(frame));
    this.inboundBytes += frame.length;
    if (this.inboundBytes > MAX_INBOUND_BYTES) {
      return this.close({ code: 'rate_limited', message: 'too much unread input; reconnect' });
    }
    if (!this.paused) this.drain();
  }

  /** Handles queued frames, one batch per token; out of tokens, pauses the socket until the next one. */
  private drain(): void {
    while (this.inbound.length > 0 && !this.closed) {
      const now = this.ctx.clock.now();
      if (!this.bucket.take(now)) {
        this.pause(now);
        return;
      }
      const batch = this.inbound;
      this.inbound = [];
      this.inboundBytes = 0;
      this.handle(batch);
    }
  }

  private pause(now: number): void {
    if (!this.paused) {
      this.paused = true;
      this.peer.pause();
    }
    this.resumeTimer?.cancel();
    const wait = Math.ceil(1000 / this.limits.messagesPerSecond);
    this.resumeTimer = this.ctx.clock.at(now + wait, () => {
      this.resumeTimer = null;
      if (this.closed) return;
      this.paused = false;
      this.peer.resume();
      this.drain();
    });
  }

  /** One batch: frames decoded strictly (any malformed one closes the connection), updates coalesced. */
  private handle(frames: Uint8Array[]): void {
    const messages: ClientMessage[] = [];
    const shapes = new Map<Uint8Array, UpdateShape>();
    try {
      for (const frame of frames) {
        const message = decodeClientFrame(frame);
        if (message.kind === 'update') shapes.set(message.update, scanUpdate(message.update));
        messages.push(message);
      }
    } catch (error) {
      if (!(error instanceof MalformedFrame)) throw error;
      this.ctx.log('malformed document frame', { reason: error.message });
      return this.close({ code: 'bad_request', message: error.message });
    }
    let run: Uint8Array[] = [];
    const flushRun = () => {
      if (run.length === 1) this.receiveUpdate(run[0]!, shapes.get(run[0]!)!);
      else if (run.length > 1) {
        const merged = Y.mergeUpdates(run);
        this.receiveUpdate(merged, scanUpdate(merged));
      }
      run = [];
    };
    let step1: Uint8Array | null = null;
    let queryAwareness = false;
    for (const message of messages) {
      if (this.closed) return;
      switch (message.kind) {
        case 'update': {
          const shape = shapes.get(message.update)!;
          if (shape.empty) break;
          // An oversized update is refused on its own; the others of the batch are merged around it.
          if (message.update.length > this.limits.maxUpdateBytes) {
            flushRun();
            this.receiveUpdate(message.update, shape);
          } else run.push(message.update);
          break;
        }
        case 'step1':
          step1 = message.stateVector;
          break;
        case 'awareness':
          flushRun();
          this.receiveAwareness(message.update);
          break;
        case 'queryAwareness':
          queryAwareness = true;
          break;
      }
    }
    flushRun();
    if (step1) this.answerStep1(step1);
    if (queryAwareness) {
      const all = this.live.awareness.encodeAll();
      if (all) this.send(encodeAwareness(all));
    }
  }

  /** Answered once every accepted update is persisted: nobody gets what a crash could lose. */
  private answerStep1(stateVector: Uint8Array): void {
    void this.live.idle().then(() => {
      if (!this.live.broken) this.send(encodeStep2(Y.encodeStateAsUpdate(this.live.doc, stateVector)));
    });
  }

  private receiveAwareness(update: Uint8Array): void {
    try {
      const { refused, reply } = this.live.relayAwareness(update, this);
      if (reply) this.send(encodeAwareness(reply));
      if (refused) {
        this.ctx.log('awareness state refused', { reason: refused, memberId: this.ctx.memberId });
        this.send(encodePermissionDenied(`bad_request: ${refused}`));
      }
    } catch (error) {
      if (!(error instanceof MalformedFrame)) throw error;
      this.ctx.log('malformed awareness', { reason: error.message });
      this.close({ code: 'bad_request', message: error.message });
    }
  }

  /**
   * The write gate, then: applied if it integrates whole now, held (bounded) if it waits for structs the
   * document does not have yet. An update behind a held one waits with it, so a client's order is kept.
   */
  private receiveUpdate(update: Uint8Array, shape: UpdateShape): void {
    if (this.held) return this.hold(update);
    const refusal = refuseContent(shape);
    if (refusal) return this.refuse(shape, { code: 'bad_request', message: refusal });
    const gate = this.ctx.mayWrite();
    if (!gate.ok) return this.refuse(shape, gate.error);
    if (update.length > this.limits.maxUpdateBytes) {
      return this.refuse(shape, {
        code: 'payload_too_large',
        message: `an update may hold at most ${this.limits.maxUpdateBytes} bytes`,
      });
    }
    const max = this.limits.maxDocumentBytes;
    if (!this.live.fits(update.length, max)) {
      return this.refuse(shape, { code: 'limit_exceeded', message: `a document holds at most ${max} bytes` });
    }
    const analysis = integrability(shape, (c) => this.live.stateOf(c));
    if (!analysis.complete) return this.hold(update);
    const problem = structureProblem(shape, this.live.doc, analysis);
    if (problem) return this.close({ code: 'bad_request', message: `malformed update (${problem})` });
    this.droppedInRow = 0;
    // If the store fails, every connection of the document is closed (4503): clients reconnect to a
    // reloaded document and offer their changes again in the sync.
    void this.live.accept(update, this);
  }

  /** Keeps an update aside until the document has what it refers to, for at most `pendingMs`. */
  private hold(update: Uint8Array): void {
    if (this.held) {
      this.held.update = Y.mergeUpdates([this.held.update, update]);
      if (this.held.update.length > maxFrameBytes(this.limits.maxUpdateBytes)) this.dropHeld();
      return;
    }
    const now = this.ctx.clock.now();
    this.held = {
      update,
      timer: this.ctx.clock.at(now + this.limits.pendingMs, () => this.dropHeld()),
      stopRetrying: this.live.onAdvance(() => this.retryHeld()),
    };
  }

  private retryHeld(): void {
    const held = this.held;
    if (!held || this.closed) return;
    const shape = scanUpdate(held.update);
    if (!integrability(shape, (c) => this.live.stateOf(c)).complete) return;
    this.releaseHeld();
    this.receiveUpdate(held.update, shape);
  }

  private releaseHeld(): void {
    if (!this.held) return;
    this.held.timer.cancel();
    this.held.stopRetrying();
    this.held = null;
  }

  /**
   * The update waited long enough: it is dropped and the client asked for what the document lacks (server
   * sync step 1; the client answers with step 2). A client whose updates keep referring to structs nobody
   * has is broken or hostile: closed after a few such drops in a row.
   */
  private dropHeld(): void {
    if (!this.held) return;
    this.releaseHeld();
    this.droppedInRow++;
    const reason = 'an update refers to content this document does not have';
    this.ctx.log('pending document update dropped', {
      memberId: this.ctx.memberId,
      inRow: this.droppedInRow,
    });
    if (this.droppedInRow >= MAX_DROPPED_PENDING) return this.close({ code: 'bad_request', message: reason });
    this.send(encodePermissionDenied(`bad_request: ${reason}; syncing again`));
    this.send(encodeStep1(Y.encodeStateVector(this.live.doc)));
  }

  /**
   * Refuses an update: tells the client why (auth "permission denied", which the stock client logs). The
   * shared document keeps nothing visible of it: its deletions are dropped, and only for a connection that
   * may write some day are its new items kept, deleted at birth (see `tombstoneUpdate`), so that its later
   * edits still integrate; that tombstone also removes the refused insertions from the client's own copy.
   */
  private refuse(shape: UpdateShape, error: PalabreError): void {
    this.ctx.log('document update refused', { code: error.code, memberId: this.ctx.memberId });
    this.send(encodePermissionDenied(`${error.code}: ${error.message}`));
    if (!this.ctx.mayEverWrite) return;
    const analysis = integrability(shape, (c) => this.live.stateOf(c));
    if (structureProblem(shape, this.live.doc, analysis)) return;
    const tombstone = tombstoneUpdate(shape, this.live.doc, analysis);
    if (tombstone && this.live.fits(tombstone.length, this.limits.maxDocumentBytes)) {
      void this.live.accept(tombstone, null);
    }
  }

  close(error: PalabreError): void {
    if (this.closed) return;
    this.peer.close(error);
    this.socketClosed();
  }

  /** The transport saw the socket close (or this side closed it). */
  socketClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseHeld();
    this.resumeTimer?.cancel();
    this.inbound = [];
    this.live.detach(this);
    this.ctx.onClose(this);
  }
}
