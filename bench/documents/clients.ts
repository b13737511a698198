/**
 * Light document clients for the benchmark: they speak the wire protocol directly (no provider, no Y.Doc
 * for readers) so that a thousand of them fit beside the server on two cores. Writers use a real Y.Doc to
 * produce real updates. Two dialects: the y-websocket protocol (Palabre, @y/websocket-server) and
 * Hocuspocus' (every message prefixed by the document name, a token message first).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';

export interface Dialect {
  url(doc: string, role: 'writer' | 'reader'): string;
  /** Frames sent on open: authentication (if any) and sync step 1. */
  hello(doc: string): Uint8Array[];
  update(doc: string, update: Uint8Array): Uint8Array;
  /** The sync message in a frame: its type (0 step1, 1 step2, 2 update) and payload, or null. */
  sync(frame: Uint8Array): { type: number; payload: Uint8Array } | null;
}

const bytes = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

const EMPTY_SV = Y.encodeStateVector(new Y.Doc());

function readSync(
  decoder: decoding.Decoder,
  messageType: number,
): { type: number; payload: Uint8Array } | null {
  if (messageType !== 0 && messageType !== 4) return null;
  const type = decoding.readVarUint(decoder);
  return { type, payload: decoding.readVarUint8Array(decoder) };
}

/** The y-websocket protocol; `url` maps a document to its endpoint (Palabre adds session and token). */
export function yWebsocketDialect(url: Dialect['url']): Dialect {
  return {
    url,
    hello: () => [
      bytes((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint8Array(e, EMPTY_SV);
      }),
    ],
    update: (_doc, update) =>
      bytes((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, update);
      }),
    sync: (frame) => {
      const d = decoding.createDecoder(frame);
      return readSync(d, decoding.readVarUint(d));
    },
  };
}

export function hocuspocusDialect(wsUrl: string): Dialect {
  return {
    url: () => wsUrl,
    hello: (doc) => [
      bytes((e) => {
        encoding.writeVarString(e, doc);
        encoding.writeVarUint(e, 2); // auth
        encoding.writeVarUint(e, 0); // token
        encoding.writeVarString(e, '');
      }),
      bytes((e) => {
        encoding.writeVarString(e, doc);
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint8Array(e, EMPTY_SV);
      }),
    ],
    update: (doc, update) =>
      bytes((e) => {
        encoding.writeVarString(e, doc);
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, update);
      }),
    sync: (frame) => {
      const d = decoding.createDecoder(frame);
      decoding.readVarString(d);
      return readSync(d, decoding.readVarUint(d));
    },
  };
}

export interface BenchClient {
  ws: WebSocket;
  synced: Promise<void>;
  close(): void;
}

/**
 * Opens a client; `onUpdate` gets every update payload broadcast to it (sync type 2), with the time it
 * arrived. Resolves `synced` on the server's sync step 2.
 */
export function openClient(
  dialect: Dialect,
  doc: string,
  role: 'writer' | 'reader',
  onUpdate: (update: Uint8Array, at: number) => void,
): BenchClient {
  const ws = new WebSocket(dialect.url(doc, role), { perMessageDeflate: false });
  ws.binaryType = 'nodebuffer';
  let markSynced: () => void = () => undefined;
  let failSync: (e: Error) => void = () => undefined;
  const synced = new Promise<void>((resolve, reject) => {
    markSynced = resolve;
    failSync = reject;
  });
  ws.on('error', (err) => failSync(err));
  ws.on('close', (code) => failSync(new Error(`closed with ${code} before sync`)));
  ws.on('open', () => {
    for (const frame of dialect.hello(doc)) ws.send(frame);
  });
  ws.on('message', (data: Buffer) => {
    const at = performance.now();
    const message = dialect.sync(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (!message) return;
    if (message.type === 1) markSynced();
    else if (message.type === 2) onUpdate(message.payload, at);
  });
  return { ws, synced, close: () => ws.terminate() };
}

/** A writer: a real Y.Doc whose every insert goes out as one update. Returns the key of each update. */
export class Writer {
  readonly doc = new Y.Doc();
  private readonly text = this.doc.getText('t');

  constructor(
    private readonly client: BenchClient,
    private readonly dialect: Dialect,
    private readonly name: string,
  ) {}

  /** Inserts one short string and sends the update; returns its key (this client's clock before it). */
  insert(value: string): number {
    const key = Y.getState(this.doc.store, this.doc.clientID);
    const before = Y.encodeStateVector(this.doc);
    this.text.insert(this.text.length, value);
    this.client.ws.send(this.dialect.update(this.name, Y.encodeStateAsUpdate(this.doc, before)));
    return key;
  }

  get clientId(): number {
    return this.doc.clientID;
  }
}

/**
 * The keys an update carries for `client`: every clock in it. Each benchmark insert is one character (one
 * clock), so a server that merges several updates into one broadcast delivers several keys at once.
 */
export function updateKeys(update: Uint8Array, client: number): number[] {
  const meta = Y.parseUpdateMeta(update);
  const from = meta.from.get(client);
  const to = meta.to.get(client);
  if (from === undefined || to === undefined) return [];
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** Opens `count` clients, at most `parallel` handshakes at a time (servers cap pending handshakes). */
export async function openMany<T extends { synced: Promise<void> }>(
  count: number,
  parallel: number,
  open: (i: number) => T,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - i) }, (_, j) => open(i + j));
    await Promise.all(batch.map((c) => c.synced));
    out.push(...batch);
  }
  return out;
}
