/**
 * Documents: fan-out latency, throughput and memory of the y-websocket endpoint, beside Hocuspocus (default
 * options) and, when it can be installed, @y/websocket-server, all measured in the same run with the same
 * clients. Every server runs in its own child process.
 */
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { round, summary } from '../stats.js';
import {
  hocuspocusDialect,
  openClient,
  openMany,
  updateKeys,
  Writer,
  yWebsocketDialect,
} from '../documents/clients.js';
import type { BenchClient, Dialect } from '../documents/clients.js';
import { PALABRE_ADMIN, startHocuspocus, startPalabre, startYWebsocketServer } from '../documents/servers.js';
import type { ServerProcess } from '../documents/servers.js';

export const description =
  '50 documents × 20 clients (1 writer every 100 ms), 1 document × 50 readers burst, memory per connection; ' +
  'vs Hocuspocus and @y/websocket-server';

const DOCS = 50;
const CLIENTS_PER_DOC = 20;
const INTERVAL_MS = 100;
const DURATION_MS = Number(process.env.BENCH_DOCS_DURATION_MS ?? 10_000);
const BURST_READERS = 50;
const BURST_UPDATES = 3000;
const PARALLEL_HANDSHAKES = 50;

interface Target {
  name: string;
  server: ServerProcess;
  dialect: Dialect;
  docs: string[];
  burstDoc: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Palabre needs a session: 51 groups in drafting, a participant per group (writer), an observer invite. */
async function palabreTarget(server: ServerProcess): Promise<Target> {
  const res = await fetch(`${server.httpUrl}/api/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PALABRE_ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Bench',
      groups: Array.from({ length: DOCS + 1 }, (_, i) => ({ name: `Groupe ${i + 1}` })),
    }),
  });
  const body = (await res.json()) as any;
  const sessionId: string = body.session.id;
  const groups: string[] = body.session.groupOrder.slice(1);
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
  const observer: string = body.invites.observer.token;
  const dialect = yWebsocketDialect(
    (doc, role) =>
      `${server.wsUrl}/yjs/${sessionId}/${doc}?token=${encodeURIComponent(role === 'writer' ? writerTokens.get(doc)! : observer)}`,
  );
  return { name: 'palabre', server, dialect, docs: groups.slice(0, DOCS), burstDoc: groups[DOCS]! };
}

function referenceTarget(server: ServerProcess, dialect: Dialect): Target {
  const docs = Array.from({ length: DOCS }, (_, i) => `doc-${i}`);
  return { name: server.name, server, dialect, docs, burstDoc: 'burst' };
}

async function settledRss(server: ServerProcess): Promise<number> {
  await sleep(1500);
  return server.rss();
}

/** 50 documents × 20 clients; each writer inserts every 100 ms; readers time every update they get. */
async function fanOut(target: Target) {
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
  const readerCount = target.docs.length * (CLIENTS_PER_DOC - 1);
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
  const timers = writers.map(({ doc, writer }, i) => {
    const tick = () => {
      sent.get(doc)!.set(writer.insert('x'), performance.now());
      total++;
    };
    let interval: NodeJS.Timeout | undefined;
    const start = setTimeout(
      () => {
        tick();
        interval = setInterval(tick, INTERVAL_MS);
      },
      (i * INTERVAL_MS) / writers.length,
    );
    return () => {
      clearTimeout(start);
      clearInterval(interval);
    };
  });
  await sleep(DURATION_MS);
  for (const stop of timers) stop();
  const expected = total * (CLIENTS_PER_DOC - 1);
  const deadline = Date.now() + 5000;
  while (delivered < expected && Date.now() < deadline) await sleep(50);
  for (const c of [...readers, ...writers.map((w) => w.client)]) c.close();
  return {
    latencyMs: summary(latencies),
    sent: total,
    expected,
    delivered,
    deliveredRatio: round(delivered / expected, 4),
    connections,
    memory: {
      rssBeforeMiB: round(rssBefore / 2 ** 20, 1),
      rssAfterMiB: round(rssAfter / 2 ** 20, 1),
      perConnectionKiB: round((rssAfter - rssBefore) / connections / 1024, 1),
    },
  };
}

/** One document, 50 readers: the writer sends a burst of updates; time until every reader has them all. */
async function burst(target: Target) {
  let writerId = 0;
  let done = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const counts: Set<number>[] = [];
  const readers = await openMany(BURST_READERS, PARALLEL_HANDSHAKES, () => {
    const seen = new Set<number>();
    counts.push(seen);
    return openClient(target.dialect, target.burstDoc, 'reader', (update) => {
      for (const key of updateKeys(update, writerId)) seen.add(key);
      if (seen.size === BURST_UPDATES) {
        done++;
        if (done === BURST_READERS) finish();
      }
    });
  });
  const client = openClient(target.dialect, target.burstDoc, 'writer', () => undefined);
  await client.synced;
  const writer = new Writer(client, target.dialect, target.burstDoc);
  writerId = writer.clientId;
  const started = performance.now();
  for (let i = 0; i < BURST_UPDATES; i++) {
    writer.insert('y');
    if (i % 100 === 99) await new Promise((r) => setImmediate(r));
  }
  const timeout = sleep(30_000).then(() => 'timeout');
  const outcome = await Promise.race([allDone.then(() => 'ok'), timeout]);
  const seconds = (performance.now() - started) / 1000;
  for (const c of [...readers, client]) c.close();
  return {
    outcome,
    readersComplete: done,
    leastReceived: Math.min(...counts.map((c) => c.size)),
    seconds: round(seconds, 3),
    updatesPerSecond: round(BURST_UPDATES / seconds, 0),
    deliveriesPerSecond: round((BURST_UPDATES * BURST_READERS) / seconds, 0),
  };
}

async function measure(target: Target) {
  process.stdout.write(`  ${target.name}: fan-out…\n`);
  const fan = await fanOut(target);
  await sleep(1000);
  process.stdout.write(`  ${target.name}: burst…\n`);
  const through = await burst(target);
  return { fanOut: fan, burst: through };
}

type Measured = Awaited<ReturnType<typeof measure>>;

function ratios(palabre: Measured, ref: Measured) {
  return {
    latencyP50: round(palabre.fanOut.latencyMs.p50 / ref.fanOut.latencyMs.p50),
    latencyP99: round(palabre.fanOut.latencyMs.p99 / ref.fanOut.latencyMs.p99),
    burstThroughput: round(palabre.burst.updatesPerSecond / ref.burst.updatesPerSecond),
    memoryPerConnection: round(palabre.fanOut.memory.perConnectionKiB / ref.fanOut.memory.perConnectionKiB),
  };
}

async function measurePalabre(store: 'file' | 'memory'): Promise<Measured> {
  const server = await startPalabre(store);
  try {
    return await measure(await palabreTarget(server));
  } finally {
    await server.stop();
  }
}

async function measureHocuspocus(): Promise<Measured> {
  const server = await startHocuspocus();
  try {
    return await measure(referenceTarget(server, hocuspocusDialect(server.wsUrl)));
  } finally {
    await server.stop();
  }
}

/**
 * Palabre as deployed (file store: durable before broadcast), Palabre with the memory store (the same
 * durability as the references: none), Hocuspocus, and @y/websocket-server when it can be installed.
 * BENCH_DOCS_ONLY=palabre|palabre-memory|hocuspocus runs one of them.
 */
export async function run(): Promise<Record<string, unknown>> {
  const only = process.env.BENCH_DOCS_ONLY;
  if (only === 'palabre') return { palabre: await measurePalabre('file') };
  if (only === 'palabre-memory') return { palabreMemory: await measurePalabre('memory') };
  if (only === 'hocuspocus') return { hocuspocus: await measureHocuspocus() };
  const palabre = await measurePalabre('file');
  const palabreMemory = await measurePalabre('memory');
  const hocuspocus = await measureHocuspocus();
  const results: Record<string, unknown> = {
    palabre,
    palabreMemory,
    hocuspocus,
    ratioVsHocuspocus: ratios(palabre, hocuspocus),
    ratioMemoryStoreVsHocuspocus: ratios(palabreMemory, hocuspocus),
  };
  const yws = await startYWebsocketServer();
  if ('unavailable' in yws) {
    results.yWebsocketServer = { unavailable: yws.unavailable };
  } else {
    try {
      const measured = await measure(
        referenceTarget(
          yws,
          yWebsocketDialect((doc) => `${yws.wsUrl}/${doc}`),
        ),
      );
      results.yWebsocketServer = measured;
      results.ratioVsYWebsocketServer = ratios(palabre, measured);
    } finally {
      await yws.stop();
    }
  }
  return results;
}
