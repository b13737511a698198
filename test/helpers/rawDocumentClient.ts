import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { expect } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';

/**
 * A raw document socket (y-websocket's wire format, no Yjs client behind it) that records every frame the
 * server sends, to send what no stock client would: hand-made updates, awareness, frames out of order.
 * `denials()` lists the reasons of the "permission denied" frames received.
 */
export async function rawClient(url: string, sessionId: string, groupId: string, token: string) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/yjs/${sessionId}/${groupId}?token=${token}`);
  const frames: Uint8Array[] = [];
  let closeCode: number | null = null;
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
  ws.on('close', (code) => (closeCode = code));
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', () => reject(new Error('unexpected response')));
  });
  const denials = () =>
    frames
      .filter((f) => f[0] === 2)
      .map((f) => {
        const d = decoding.createDecoder(f);
        decoding.readVarUint(d);
        decoding.readVarUint(d);
        return decoding.readVarString(d);
      });
  return {
    ws,
    frames,
    denials,
    closeCode: () => closeCode,
    sendUpdate(update: Uint8Array) {
      ws.send(frame(0, 2, update));
    },
    /**
     * Resolves once everything sent before has been handled by the server: frames of one connection are
     * handled in order, and a sync step 1 sent now is answered (sync step 2) after them.
     */
    async roundTrip(): Promise<void> {
      const answered = frames.length;
      ws.send(frame(0, 0, Y.encodeStateVector(new Y.Doc())));
      await expect.poll(() => frames.slice(answered).some((f) => f[0] === 0 && f[1] === 1)).toBe(true);
    },
    sendAwareness(update: Uint8Array) {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, update);
      ws.send(encoding.toUint8Array(e));
    },
  };
}

export /** One y-websocket frame: message type (0 sync, 1 awareness), sync sub-type, then the payload as a byte array. */
function frame(type: number, sub: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/**
 * Two updates of the text `t` where the second depends on the first: `dependency` writes "AB", `dependent`
 * writes "-" between A and B (its origins are items of `dependency`). Applied in either order, a server must
 * end with "A-B".
 */
export function dependentUpdates(): { dependency: Uint8Array; dependent: Uint8Array } {
  const first = new Y.Doc();
  first.getText('t').insert(0, 'AB');
  const dependency = Y.encodeStateAsUpdate(first);
  const second = new Y.Doc();
  Y.applyUpdate(second, dependency);
  const before = Y.encodeStateVector(second);
  second.getText('t').insert(1, '-');
  return { dependency, dependent: Y.encodeStateAsUpdate(second, before) };
}
