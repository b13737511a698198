import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { BroadcastFrames, binaryFrame } from '../../server/transport/yws/binaryFrame.js';

describe('pre-framed broadcast frames', () => {
  it('are read by a ws client as the payloads, whatever their length, in order with ws frames', async () => {
    const sizes = [0, 125, 126, 65_535, 65_536, 200_000];
    const payloads = sizes.map((n, i) => new Uint8Array(n).map((_, k) => (k * 7 + i) & 0xff));
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    http.on('upgrade', (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        // As the transport does: raw frames written to the upgraded socket, between ws's own frames.
        for (const p of payloads) {
          socket.write(binaryFrame(p));
          ws.send(p);
        }
      }),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => {
      wss.close();
      http.close();
    });
    const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
    const received: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      client.on('error', reject);
      client.on('message', (data: Buffer, isBinary: boolean) => {
        expect(isBinary).toBe(true);
        received.push(data);
        if (received.length === 2 * payloads.length) resolve();
      });
    });
    client.close();
    expect(received.map((b) => b.length)).toEqual(sizes.flatMap((n) => [n, n]));
    received.forEach((b, i) => expect(Buffer.compare(b, Buffer.from(payloads[i >> 1]!))).toBe(0));
  });

  it('frames a payload once while it is the latest', () => {
    const frames = new BroadcastFrames();
    const a = new Uint8Array([1, 2, 3]);
    const b = new Uint8Array([1, 2, 3]);
    expect(frames.of(a)).toBe(frames.of(a));
    expect(frames.of(b)).not.toBe(frames.of(a));
    expect([...frames.of(a)]).toEqual([0x82, 3, 1, 2, 3]);
  });
});
