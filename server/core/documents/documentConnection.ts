import * as Y from 'yjs';
import type { PalabreError } from '../../../shared/errors.js';
import type { AccessCheck } from '../../../shared/session/documents.js';
import type { LiveDocument } from './liveDocument.js';
import {
  MalformedFrame,
  decodeClientFrame,
  encodeAwareness,
  encodePermissionDenied,
  encodeStep1,
  encodeStep2,
  inspectUpdate,
} from './messages.js';
import { refusalOutcome } from './revert.js';
import { TokenBucket } from '../tokenBucket.js';

/** Frames above this close the connection (4413); the transport may cut them even earlier. */
export const maxFrameBytes = (maxUpdateBytes: number) => maxUpdateBytes * 4;

/** The transport side of a connection: send a frame, or close with a typed error. */
export interface DocumentPeer {
  send(frame: Uint8Array): void;
  close(error: PalabreError): void;
}

export interface ConnectionLimits {
  maxUpdateBytes: number;
  maxDocumentBytes: number;
  /** Messages per second (sync and awareness), bursts up to 4×; beyond, the connection is closed. */
  messagesPerSecond: number;
}

export interface ConnectionContext {
  sessionId: string;
  groupId: string;
  /** Member id, or null for an observer connected with an invite (read-only, no member). */
  memberId: string | null;
  /** Asked on every update, so that phase changes and moves apply at once. */
  mayWrite: () => AccessCheck;
  now: () => number;
  onClose: (connection: DocumentConnection) => void;
  log: (message: string, fields: Record<string, unknown>) => void;
}

/**
 * One y-websocket connection to one document: decodes every frame strictly, rate-limits it, passes
 * updates through the write gate, answers refusals (auth "permission denied" + the inverse update so
 * the client's copy returns to the server's), relays awareness, and closes only itself on bad input.
 */
export class DocumentConnection {
  private closed = false;
  private readonly bucket: TokenBucket;

  constructor(
    private readonly live: LiveDocument,
    private readonly peer: DocumentPeer,
    readonly ctx: ConnectionContext,
    private readonly limits: ConnectionLimits,
  ) {
    this.bucket = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond * 4, ctx.now());
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

  receive(frame: Uint8Array): void {
    if (this.closed) return;
    if (!this.bucket.take(this.ctx.now())) {
      return this.close({ code: 'rate_limited', message: 'too many messages; slow down' });
    }
    // Past 4× the update limit a frame is not worth decoding; below, an oversized update is refused and
    // undone like any other refusal, so the client can go on.
    if (frame.length > maxFrameBytes(this.limits.maxUpdateBytes)) {
      return this.close({
        code: 'payload_too_large',
        message: `a message may hold at most ${this.limits.maxUpdateBytes} bytes`,
      });
    }
    try {
      const message = decodeClientFrame(frame);
      switch (message.kind) {
        case 'step1': {
          // Answered once every accepted update is persisted: nobody gets what a crash could lose.
          const { stateVector } = message;
          void this.live.idle().then(() => {
            if (!this.live.broken) this.send(encodeStep2(Y.encodeStateAsUpdate(this.live.doc, stateVector)));
          });
          return;
        }
        case 'update':
          return this.receiveUpdate(message.update);
        case 'awareness':
          return this.live.relayAwareness(message.update, this);
        case 'queryAwareness': {
          const all = this.live.awareness.encodeAll();
          if (all) this.peer.send(encodeAwareness(all));
          return;
        }
      }
    } catch (error) {
      if (!(error instanceof MalformedFrame)) throw error;
      this.ctx.log('malformed document frame', { reason: error.message });
      this.close({ code: 'bad_request', message: error.message });
    }
  }

  private receiveUpdate(update: Uint8Array): void {
    if (inspectUpdate(update).empty) return;
    const gate = this.ctx.mayWrite();
    if (!gate.ok) return this.refuse(update, gate.error);
    if (update.length > this.limits.maxUpdateBytes) {
      return this.refuse(update, {
        code: 'payload_too_large',
        message: `an update may hold at most ${this.limits.maxUpdateBytes} bytes`,
      });
    }
    const max = this.limits.maxDocumentBytes;
    if (!this.live.fits(update.length, max)) {
      return this.refuse(update, {
        code: 'limit_exceeded',
        message: `a document holds at most ${max} bytes`,
      });
    }
    // If the store fails, every connection of the document is closed (4503): clients reconnect to a
    // reloaded document and offer their changes again in the sync.
    void this.live.submit(update, this);
  }

  /**
   * Refuses an update: tells the client why (auth "permission denied", which the stock client logs), and
   * makes every copy, the client's included, converge to the served text without its content.
   */
  private refuse(update: Uint8Array, error: PalabreError): void {
    const outcome = refusalOutcome(this.live.doc, update);
    if (!outcome) return;
    this.ctx.log('document update refused', { code: error.code, memberId: this.ctx.memberId });
    this.peer.send(encodePermissionDenied(`${error.code}: ${error.message}`));
    void this.live.submit(outcome, null);
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
    this.live.detach(this);
    this.ctx.onClose(this);
  }
}
