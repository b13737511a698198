/**
 * A whole WebSocket binary message as it goes on the wire from a server (RFC 6455 §5.2: FIN, opcode 2,
 * unmasked, 7-, 16- or 64-bit length), header and payload in one buffer. A document broadcast sends the
 * very same y-websocket message to every reader: framing it once and writing these bytes to each reader's
 * socket costs one `write` per reader, where `ws.send` frames it again for each reader (a header buffer,
 * cork, two writes, uncork, a `writev`). Measured with the V8 profiler under the fan-out bench (issue #17).
 */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x82;
  if (length < 126) frame[1] = length;
  else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(payload, headerLength);
  return frame;
}

/**
 * Frames a payload once however many sockets it goes to: a broadcast hands the same `Uint8Array` to every
 * reader in turn, so remembering the last payload and its frame is enough (a new payload replaces it).
 */
export class BroadcastFrames {
  private payload: Uint8Array | null = null;
  private frame: Buffer = Buffer.alloc(0);

  /** The wire bytes of `payload`, framed at its first use and reused while it is the latest. */
  of(payload: Uint8Array): Buffer {
    if (payload !== this.payload) {
      this.frame = binaryFrame(payload);
      this.payload = payload;
    }
    return this.frame;
  }
}
