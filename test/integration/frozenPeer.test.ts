import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.js';

/**
 * A peer that completes a WebSocket upgrade, then never reads again nor answers the close frame (a frozen
 * page, a proxy holding the connection). Resolves once the upgrade is answered.
 */
async function frozenPeer(url: string, path: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
  );
  await new Promise<void>((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (head.startsWith('HTTP/1.1 101')) resolve();
      else reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
    };
    socket.on('data', onData);
  });
  // From now on it reads nothing and answers nothing, but keeps its end of the TCP connection open.
  socket.pause();
  return socket;
}

describe('stopping with a frozen peer', () => {
  it('cuts a peer that never answers its close frame instead of waiting for it', async () => {
    const server = await startServer();
    const peer = await frozenPeer(server.url, '/socket.io/?EIO=4&transport=websocket');
    // Without the cut, socket.io's close waits for ws's 30 s close timeout: past this test's timeout.
    await server.stop();
    // The server's end is gone: once the peer reads again, it finds its connection closed.
    const closed = new Promise<void>((resolve) => peer.once('close', () => resolve()));
    peer.resume();
    await closed;
    expect(peer.destroyed).toBe(true);
  });
});
