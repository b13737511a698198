import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface TcpProxy {
  url: string;
  /** The backends' URLs, tried in order for each new connection. */
  backends: string[];
  /** Cuts every open connection and refuses new ones until `restore` (a network partition). */
  cut(): void;
  restore(): void;
}

/**
 * A load balancer in miniature: each new TCP connection goes to the first backend that accepts it, so a
 * process that stopped listening (draining, or gone) is skipped, as nginx skips a refusing upstream.
 * Closed when the test finishes.
 */
export async function startTcpProxy(backends: string[]): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let down = false;
  const proxy: TcpProxy = {
    url: '',
    backends,
    cut() {
      down = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      down = false;
    },
  };
  const server = createServer((client) => {
    if (down) return void client.destroy();
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const attempt = (i: number) => {
      const target = proxy.backends[i];
      if (!target) return client.destroy();
      const { hostname, port } = new URL(target);
      const upstream = connect(Number(port), hostname);
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        open.add(upstream);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      upstream.on('error', () => (connected ? client.destroy() : attempt(i + 1)));
      upstream.on('close', () => {
        open.delete(upstream);
        if (connected) client.destroy();
      });
      client.on('close', () => upstream.destroy());
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  onTestFinished(async () => {
    for (const socket of open) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return proxy;
}
