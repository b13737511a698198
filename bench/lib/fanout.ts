/**
 * Fan-out latency of a control event: a facilitator's command (pause/resume of a queue) until each of
 * 1,000 connected socket.io clients has received the resulting event batch. Baseline, in the same run and
 * interleaved round by round: a plain socket.io server that, on a client's request, broadcasts the very
 * same payload to a room of 1,000 clients. Both servers run in this process, clients too.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { createPalabre } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { median, round, settleHeap, summary } from '../stats.js';

interface Round {
  t0: number;
  latencies: number[];
  expected: number;
  done: () => void;
}

/** Connects `n` sockets, `batch` at a time; each resolves once `ready` has been received. */
async function connectMany(url: string, n: number, auth: (i: number) => object, ready: string, batch = 50) {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += batch) {
    const group = Array.from({ length: Math.min(batch, n - i) }, (_, k) => {
      const socket = connect(url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: auth(i + k),
      });
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.once(ready, () => resolve());
        socket.once('connect_error', reject);
      });
    });
    await Promise.all(group);
  }
  return sockets;
}

/** Listens on every socket; `start` opens a round that resolves when all of them have the event. */
function rounds(sockets: Socket[], event: string, matches: (payload: unknown) => boolean) {
  let current: Round | null = null;
  for (const socket of sockets) {
    socket.on(event, (payload: unknown) => {
      const r = current;
      if (!r || !matches(payload)) return;
      r.latencies.push(performance.now() - r.t0);
      if (r.latencies.length === r.expected) r.done();
    });
  }
  return async (trigger: () => void): Promise<number[]> => {
    const latencies: number[] = [];
    const finished = new Promise<void>((resolve) => {
      current = { t0: performance.now(), latencies, expected: sockets.length, done: resolve };
    });
    trigger();
    await finished;
    current = null;
    return latencies;
  };
}

export async function measureFanout(o: { clients: number; rounds: number; warmup?: number }) {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dataDir = await mkdtemp(join(tmpdir(), 'palabre-bench-'));
  const config = await loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SECRET: 'bench-secret-0123456789abcdef',
    ADMIN_TOKEN: 'bench-admin-0123456789abcdef',
    LOG_LEVEL: 'silent',
    SERVE_CLIENT: 'false',
    COMMAND_RATE: '1000',
  });
  const palabre = await createPalabre(config, { store: new MemoryEventStore() });
  const url = await palabre.listen();
  const state = await palabre.sessions.create({
    title: 'Fan-out',
    agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600 }],
    settings: { maxMembers: o.clients + 10 },
  });
  const invite = palabre.access.invite(state.id, 'participant').token;
  const [facilitator] = await connectMany(
    url,
    1,
    () => ({ token: palabre.access.invite(state.id, 'facilitator').token, name: 'F' }),
    'snapshot',
  );
  const started = Date.now();
  const members = await connectMany(url, o.clients, (i) => ({ token: invite, name: `P${i}` }), 'snapshot');
  const connectMs = Date.now() - started;

  // Capture one real batch, to broadcast the very same payload from the baseline server.
  let payload: unknown = null;
  members[0]!.once('events', (batch: unknown) => (payload = batch));
  let paused = false;
  const control = () => {
    paused = !paused;
    facilitator!.emit(
      'command',
      { type: paused ? 'queue.pause' : 'queue.resume', groupId: PLENARY_ID },
      () => {},
    );
  };
  const isControl = (batch: unknown) =>
    (batch as { events: { type: string }[] }).events.some((e) => e.type.startsWith('queue.'));
  const palabreRound = rounds(members, 'events', isControl);
  await palabreRound(control);

  const http = createServer();
  const plain = new Server(http, { serveClient: false });
  plain.on('connection', (socket) => {
    void socket.join('room');
    socket.emit('ready');
    socket.on('go', () => void plain.to('room').emit('events', payload));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const plainUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const [trigger] = await connectMany(plainUrl, 1, () => ({}), 'ready');
  const listeners = await connectMany(plainUrl, o.clients, () => ({}), 'ready');
  const baselineRound = rounds(listeners, 'events', () => true);

  const results = {
    palabre: { all: [] as number[], last: [] as number[] },
    baseline: { all: [] as number[], last: [] as number[] },
  };
  settleHeap();
  for (let r = -(o.warmup ?? 5); r < o.rounds; r++) {
    const p = await palabreRound(control);
    const b = await baselineRound(() => trigger!.emit('go'));
    if (r < 0) continue;
    results.palabre.all.push(...p);
    results.palabre.last.push(Math.max(...p));
    results.baseline.all.push(...b);
    results.baseline.last.push(Math.max(...b));
  }

  for (const s of [facilitator!, trigger!, ...members, ...listeners]) s.disconnect();
  await new Promise<void>((resolve) => plain.close(() => resolve()));
  await palabre.close();
  await rm(dataDir, { recursive: true, force: true });

  const ratio = (a: number[], b: number[]) => round(median(a) / median(b));
  return {
    clients: o.clients,
    rounds: o.rounds,
    connectMs,
    payloadBytes: JSON.stringify(payload).length,
    palabre: { perClientMs: summary(results.palabre.all), lastClientMs: summary(results.palabre.last) },
    baseline: { perClientMs: summary(results.baseline.all), lastClientMs: summary(results.baseline.last) },
    ratioPerClientMedian: ratio(results.palabre.all, results.baseline.all),
    ratioLastClientMedian: ratio(results.palabre.last, results.baseline.last),
  };
}
