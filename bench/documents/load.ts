/**
 * Loads the documents benchmarks put on a server, the same for every server: how targets are set up
 * (Palabre needs a session, groups in drafting and tokens; the references take any document name), a
 * fan-out of writers and readers, a burst, idle connections. Each load reports what the server spent:
 * its CPU time (from /proc) over the measured window, and its memory.
 */
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { round, summary } from '../stats.js';
import { openClient, openMany, updateKeys, Writer, yWebsocketDialect } from './clients.js';
import type { BenchClient, Dialect } from './clients.js';
import { PALABRE_ADMIN } from './servers.js';
import type { ServerProcess } from './servers.js';

export interface Target {
  name: string;
  server: ServerProcess;
  dialect: Dialect;
  /** Document names for the loads, as many as asked. */
  docs: string[];
  /** A spare document for bursts. */
  burstDoc: string;
  /** Palabre only: the session behind the documents, its plenary and the invites (for the scale bench). */
  session?: { id: string; plenary: string; facilitatorToken: string; observerToken: string };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PARALLEL_HANDSHAKES = 50;

/**
 * Palabre needs a session: `docs + 1` groups in drafting, a participant per group (the writer's token),
 * and the observer invite for readers (read-only, as on a projector).
 */
export async function palabreTarget(server: ServerProcess, docs: number): Promise<Target> {
  const res = await fetch(`${server.httpUrl}/api/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PALABRE_ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Bench',
      // Room for the scale bench's observers (every connection with an invite is a member).
      settings: { maxMembers: 10_000 },
      groups: Array.from({ length: docs + 1 }, (_, i) => ({ name: `Groupe ${i + 1}` })),
    }),
  });
  const body = (await res.json()) as {
    session: { id: string; groupOrder: string[] };
    invites: Record<'facilitator' | 'participant' | 'observer', { token: string }>;
  };
  const sessionId = body.session.id;
  const groups = body.session.groupOrder.slice(1);
  const facilitator = new PalabreClient({
    url: server.httpUrl,
    token: body.invites.facilitator.token,
    name: 'Bench',
    socket: { reconnection: false },
  });
  await facilitator.connect();
  const writerTokens = new Map<string, string>();
  for (const groupId of groups) {
    const writer = new PalabreClient({
      url: server.httpUrl,
      token: body.invites.participant.token,
      name: `W ${groupId}`,
      socket: { reconnection: false },
    });
    await writer.connect();
    const moved = await facilitator.command({ type: 'member.move', memberId: writer.memberId!, groupId });
    if (!moved.ok) throw new Error(moved.error.message);
    writerTokens.set(groupId, writer.welcome!.resumeToken);
    writer.close();
  }
  const started = await facilitator.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } });
  if (!started.ok) throw new Error(started.error.message);
  facilitator.close();
  const observer = body.invites.observer.token;
  const dialect = yWebsocketDialect(
    (doc, role) =>
      `${server.wsUrl}/yjs/${sessionId}/${doc}?token=${encodeURIComponent(role === 'writer' ? writerTokens.get(doc)! : observer)}`,
  );
  return {
    name: server.name,
    server,
    dialect,
    docs: groups.slice(0, docs),
    burstDoc: groups[docs]!,
    session: {
      id: sessionId,
      plenary: body.session.groupOrder[0]!,
      facilitatorToken: body.invites.facilitator.token,
      observerToken: observer,
    },
  };
}

export function referenceTarget(server: ServerProcess, dialect: Dialect, docs: number): Target {
  return {
    name: server.name,
    server,
    dialect,
    docs: Array.from({ length: docs }, (_, i) => `doc-${i}`),
    burstDoc: 'burst',
  };
}

/** RSS once the process has settled (timers, lazy allocations, a GC cycle or two). */
export async function settledRss(server: ServerProcess): Promise<number> {
  await sleep(1500);
  return server.rss();
}

export interface FanOutOptions {
  clientsPerDoc: number;
  intervalMs: number;
  durationMs: number;
  /**
   * Writing before the measured window, in ms (default 0): the first seconds of load include each server's
   * JIT warm-up (V8 compiles the hot paths on its worker threads; a bigger server has more to compile), which
   * a long-running server pays once. CPU and latency are read over the `durationMs` that follow.
   */
  warmupMs?: number;
}

/**
 * Every document has one writer inserting one character every `intervalMs` and `clientsPerDoc - 1` readers
 * timing every update they get. The server's CPU is read over the writing window plus the drain, and (as
 * `cpuMicrosPerDeliveryWithWarmup`) over the warm-up too.
 */
export async function fanOut(target: Target, options: FanOutOptions) {
  const rssBefore = await settledRss(target.server);
  const sent = new Map<string, Map<number, number>>();
  const latencies: number[] = [];
  let delivered = 0;
  const readers: BenchClient[] = [];
  const writers: { doc: string; writer: Writer; client: BenchClient }[] = [];
  for (const doc of target.docs) sent.set(doc, new Map());
  const writerIds = new Map<string, number>();
  const writerClients = await openMany(target.docs.length, PARALLEL_HANDSHAKES, (i) =>
    openClient(target.dialect, target.docs[i]!, 'writer', () => undefined),
  );
  target.docs.forEach((doc, i) => {
    const writer = new Writer(writerClients[i]!, target.dialect, doc);
    writerIds.set(doc, writer.clientId);
    writers.push({ doc, writer, client: writerClients[i]! });
  });
  const readerCount = target.docs.length * (options.clientsPerDoc - 1);
  readers.push(
    ...(await openMany(readerCount, PARALLEL_HANDSHAKES, (i) => {
      const doc = target.docs[i % target.docs.length]!;
      const seen = new Set<number>();
      return openClient(target.dialect, doc, 'reader', (update, at) => {
        for (const key of updateKeys(update, writerIds.get(doc)!)) {
          const sentAt = sent.get(doc)!.get(key);
          if (sentAt === undefined || seen.has(key)) continue;
          seen.add(key);
          delivered++;
          latencies.push(at - sentAt);
        }
      });
    })),
  );
  const connections = writers.length + readers.length;
  const rssAfter = await settledRss(target.server);

  let total = 0;
  const profiling = process.env.BENCH_PROFILE_DIR !== undefined;
  const warmupMs = options.warmupMs ?? 0;
  const cpuAtFirstWrite = target.server.cpuMs();
  const timers = writers.map(({ doc, writer }, i) => {
    const tick = () => {
      sent.get(doc)!.set(writer.insert('x'), performance.now());
      total++;
    };
    let interval: NodeJS.Timeout | undefined;
    const start = setTimeout(
      () => {
        tick();
        interval = setInterval(tick, options.intervalMs);
      },
      (i * options.intervalMs) / writers.length,
    );
    return () => {
      clearTimeout(start);
      clearInterval(interval);
    };
  });
  await sleep(warmupMs);
  if (profiling) target.server.signal('SIGUSR2');
  const cpuStart = target.server.cpuMs();
  const deliveredInWarmup = delivered;
  latencies.length = 0;
  await sleep(options.durationMs);
  for (const stop of timers) stop();
  const expected = total * (options.clientsPerDoc - 1);
  const deadline = Date.now() + 5000;
  while (delivered < expected && Date.now() < deadline) await sleep(20);
  const cpuEnd = target.server.cpuMs();
  const cpuMs = cpuEnd - cpuStart;
  if (profiling) target.server.signal('SIGUSR2');
  for (const c of [...readers, ...writers.map((w) => w.client)]) c.close();
  return {
    latencyMs: summary(latencies),
    sent: total,
    expected,
    delivered,
    deliveredRatio: round(delivered / expected, 4),
    connections,
    cpuMs,
    cpuMicrosPerDelivery: round((cpuMs * 1000) / Math.max(1, delivered - deliveredInWarmup), 2),
    cpuMicrosPerDeliveryWithWarmup: round(((cpuEnd - cpuAtFirstWrite) * 1000) / Math.max(1, delivered), 2),
    memory: {
      rssBeforeMiB: round(rssBefore / 2 ** 20, 1),
      rssAfterMiB: round(rssAfter / 2 ** 20, 1),
      perConnectionKiB: round((rssAfter - rssBefore) / connections / 1024, 1),
    },
  };
}

/** One document, `readers` readers: the writer sends `updates` updates at once; time until all have them. */
export async function burst(target: Target, readersCount: number, updates: number) {
  let writerId = 0;
  let done = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const counts: Set<number>[] = [];
  const readers = await openMany(readersCount, PARALLEL_HANDSHAKES, () => {
    const seen = new Set<number>();
    counts.push(seen);
    return openClient(target.dialect, target.burstDoc, 'reader', (update) => {
      for (const key of updateKeys(update, writerId)) seen.add(key);
      if (seen.size === updates) {
        done++;
        if (done === readersCount) finish();
      }
    });
  });
  const client = openClient(target.dialect, target.burstDoc, 'writer', () => undefined);
  await client.synced;
  const writer = new Writer(client, target.dialect, target.burstDoc);
  writerId = writer.clientId;
  const cpuStart = target.server.cpuMs();
  const started = performance.now();
  for (let i = 0; i < updates; i++) {
    writer.insert('y');
    if (i % 100 === 99) await new Promise((r) => setImmediate(r));
  }
  const timeout = sleep(30_000).then(() => 'timeout');
  const outcome = await Promise.race([allDone.then(() => 'ok'), timeout]);
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = target.server.cpuMs() - cpuStart;
  const deliveries = counts.reduce((n, c) => n + c.size, 0);
  for (const c of [...readers, client]) c.close();
  return {
    outcome,
    readersComplete: done,
    leastReceived: Math.min(...counts.map((c) => c.size)),
    seconds: round(seconds, 3),
    updatesPerSecond: round(updates / seconds, 0),
    deliveriesPerSecond: round((updates * readersCount) / seconds, 0),
    cpuMs,
    cpuMicrosPerDelivery: round((cpuMs * 1000) / Math.max(1, deliveries), 2),
  };
}

/** `count` connections spread over `docs` documents, synced then idle: memory per connection. */
export async function idleConnections(target: Target, count: number) {
  const rssBefore = await settledRss(target.server);
  const clients = await openMany(count, PARALLEL_HANDSHAKES, (i) =>
    openClient(target.dialect, target.docs[i % target.docs.length]!, 'reader', () => undefined),
  );
  const rssAfter = await settledRss(target.server);
  for (const c of clients) c.close();
  return {
    connections: count,
    documents: target.docs.length,
    rssBeforeMiB: round(rssBefore / 2 ** 20, 1),
    rssAfterMiB: round(rssAfter / 2 ** 20, 1),
    perConnectionKiB: round((rssAfter - rssBefore) / count / 1024, 1),
  };
}
