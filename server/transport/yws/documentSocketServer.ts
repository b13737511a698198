import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { errorTable } from '../../../shared/errors.js';
import type { PalabreError } from '../../../shared/errors.js';
import { idSchema } from '../../../shared/session/schemas.js';
import { maxFrameBytes } from '../../core/documents/documentConnection.js';
import type { DocumentConnection } from '../../core/documents/documentConnection.js';
import type { DocumentService } from '../../core/documents/documentService.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { redactUrl } from '../http/requestLog.js';
import { BroadcastFrames } from './binaryFrame.js';

export interface DocumentSocketDeps {
  documents: DocumentService;
  log: Logger;
  maxUpdateBytes: number;
  maxPendingHandshakes: number;
  maxConnectionsPerIp: number;
  /** An upgrade not completed within this (ms) is cut: token check, document load and 101 included. */
  handshakeTimeoutMs: number;
  /** Whether this process is stopping: upgrades are answered 503 (clients retry, elsewhere). */
  lifecycle?: { readonly draining: boolean };
  /** The client's address behind trusted proxies (TRUST_PROXY); the peer's address by default. */
  clientAddress?: (req: IncomingMessage) => string;
  /** Counts frames, bytes and refused upgrades; reads the open connections (server/metrics.ts). */
  metrics?: Pick<Metrics, 'documentFrame' | 'refused' | 'watch'>;
}

/** How long a stopping server waits for clients to answer its close frames before cutting them. */
const CLOSE_GRACE_MS = 2000;

/** A client that does not read its frames is dropped past this much unsent data. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** ws ping (dead peers) and an empty awareness frame (the y-websocket client reconnects after 30 s of silence). */
const KEEPALIVE_MS = 15_000;
const EMPTY_AWARENESS = new Uint8Array([1, 1, 0]);

export const DOCUMENT_PATH = /^\/yjs\/([^/?#]+)\/([^/?#]+)$/;

/**
 * `ws://HOST/yjs/<sessionId>/<groupId>?token=<resume token>`: the y-websocket endpoint. Thin: it checks
 * the path, has the core check the token before the upgrade completes (no frame is read before), then
 * passes bytes both ways. Refusals are WebSocket close codes from shared/errors.ts.
 */
export function attachDocumentSockets(
  http: HttpServer,
  deps: DocumentSocketDeps,
): { close(): Promise<void> } {
  const { documents, log } = deps;
  // Frames a little past the core limit are refused by the core (4413); far past it, ws cuts them
  // (close 1009) before buffering them whole.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxFrameBytes(deps.maxUpdateBytes) + 64 * 1024,
    perMessageDeflate: false,
  });
  const alive = new WeakSet<WebSocket>();
  const frames = new BroadcastFrames();
  deps.metrics?.watch({ documentConnections: () => wss.clients.size });
  let pending = 0;
  const perIp = new Map<string, number>();

  const refuse = (req: IncomingMessage, socket: Duplex, head: Buffer, error: PalabreError) => {
    deps.metrics?.refused('upgrade', error.code);
    log.info('document connection refused', {
      code: errorTable[error.code].ws,
      error: error.code,
      path: redactUrl(req.url),
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', (err) => log.debug('document socket error', { err }));
      ws.close(errorTable[error.code].ws, error.message.slice(0, 120));
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/socket.io/')) return; // engine.io's
    socket.on('error', (err) => log.debug('document upgrade socket error', { err }));
    if (deps.lifecycle?.draining) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    const match = DOCUMENT_PATH.exec(url.pathname);
    if (!match) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const sessionId = idSchema.safeParse(decodeURIComponent(match[1]!));
    const groupId = idSchema.safeParse(decodeURIComponent(match[2]!));
    if (!sessionId.success || !groupId.success) {
      return refuse(req, socket, head, { code: 'not_found', message: 'no such document' });
    }
    const token = url.searchParams.get('token');
    if (!token)
      return refuse(req, socket, head, { code: 'unauthenticated', message: 'add ?token=<resume token>' });
    if (pending >= deps.maxPendingHandshakes) {
      deps.metrics?.refused('upgrade', 'unavailable');
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    const ip = deps.clientAddress?.(req) ?? req.socket.remoteAddress ?? '?';
    const fromIp = perIp.get(ip) ?? 0;
    if (fromIp >= deps.maxConnectionsPerIp) {
      deps.metrics?.refused('upgrade', 'limit_exceeded');
      log.info('document connection refused', { code: 429, error: 'limit_exceeded', ip });
      socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\n\r\n');
      return;
    }
    perIp.set(ip, fromIp + 1);
    socket.once('close', () => {
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left > 0) perIp.set(ip, left);
      else perIp.delete(ip);
    });
    pending++;
    let peerSocket: WebSocket | null = null;
    let connection: DocumentConnection | null = null;
    let gone = false;
    const stalled = setTimeout(() => {
      if (peerSocket || gone) return;
      log.debug('document handshake timed out', { sessionId: sessionId.data, groupId: groupId.data });
      socket.destroy();
    }, deps.handshakeTimeoutMs);
    stalled.unref();
    socket.once('close', () => {
      gone = true;
      clearTimeout(stalled);
      connection?.socketClosed();
    });
    const peer = {
      pause() {
        peerSocket?.pause();
      },
      resume() {
        peerSocket?.resume();
      },
      send(frame: Uint8Array) {
        const ws = peerSocket;
        if (!ws || ws.readyState !== ws.OPEN) return;
        // ws.bufferedAmount is this plus what ws queues itself, which is nothing here (no compression).
        if (socket.writableLength > MAX_BUFFERED_BYTES) {
          connection?.close({ code: 'unavailable', message: 'client too slow' });
          return;
        }
        // The frame is built once per broadcast and written as is to each reader's socket. ws writes each
        // of its own frames (sync, pings, close) whole and synchronously when it compresses nothing
        // (perMessageDeflate is off above), so these writes interleave with its own at frame boundaries.
        socket.write(frames.of(frame));
        deps.metrics?.documentFrame('out', frame.length);
      },
      close(error: PalabreError) {
        peerSocket?.close(errorTable[error.code].ws, error.message.slice(0, 120));
        if (!peerSocket) socket.destroy();
      },
    };
    documents
      .open(sessionId.data, groupId.data, token, peer)
      .then((opened) => {
        if (!opened.ok) return refuse(req, socket, head, opened.error);
        connection = opened.connection;
        if (gone) return connection.socketClosed();
        wss.handleUpgrade(req, socket, head, (ws) => {
          const conn = opened.connection;
          clearTimeout(stalled);
          peerSocket = ws;
          alive.add(ws);
          ws.on('error', (err) => log.debug('document socket error', { err }));
          ws.on('pong', () => alive.add(ws));
          ws.on('message', (data: RawData) => {
            const bytes = toBytes(data);
            deps.metrics?.documentFrame('in', bytes.length);
            conn.receive(bytes);
          });
          ws.on('close', (code: number, reason: Buffer) => {
            log.info('document connection closed', {
              sessionId: conn.ctx.sessionId,
              groupId: conn.ctx.groupId,
              memberId: conn.ctx.memberId,
              code,
              reason: reason.toString().slice(0, 120),
            });
            conn.socketClosed();
          });
          wss.emit('connection', ws, req);
          conn.start();
        });
      })
      .catch((err: unknown) => {
        log.error('document handshake failed', { err });
        refuse(req, socket, head, { code: 'unavailable', message: 'retry later' });
      })
      .finally(() => pending--);
  };
  http.on('upgrade', onUpgrade);

  const keepalive = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
      if (ws.bufferedAmount === 0) ws.send(EMPTY_AWARENESS);
    }
  }, KEEPALIVE_MS);
  keepalive.unref();

  return {
    close: async () => {
      clearInterval(keepalive);
      http.off('upgrade', onUpgrade);
      // Connections the core has not closed yet get the same code (4503: the stock provider reconnects);
      // those that do not answer the close frame in time are cut.
      const unavailable = errorTable.unavailable.ws;
      const closing = [...wss.clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            ws.once('close', () => resolve());
            if (ws.readyState === ws.OPEN) ws.close(unavailable, 'the server is restarting');
          }),
      );
      const grace = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, CLOSE_GRACE_MS);
      await Promise.all(closing);
      clearTimeout(grace);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
