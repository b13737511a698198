/**
 * Documents: fan-out latency, throughput and memory of the y-websocket endpoint, beside Hocuspocus (default
 * options) and, when it can be installed, @y/websocket-server, all measured in the same run with the same
 * clients. Every server runs in its own child process.
 */
import { round } from '../stats.js';
import { hocuspocusDialect, yWebsocketDialect } from '../documents/clients.js';
import { burst, fanOut, palabreTarget, referenceTarget, sleep } from '../documents/load.js';
import type { Target } from '../documents/load.js';
import { startHocuspocus, startPalabre, startYWebsocketServer } from '../documents/servers.js';

export const description =
  '50 documents × 20 clients (1 writer every 100 ms), 1 document × 50 readers burst, memory per connection; ' +
  'vs Hocuspocus and @y/websocket-server';

const DOCS = 50;
const CLIENTS_PER_DOC = 20;
const INTERVAL_MS = 100;
const DURATION_MS = Number(process.env.BENCH_DOCS_DURATION_MS ?? 10_000);
const BURST_READERS = 50;
const BURST_UPDATES = 3000;

async function measure(target: Target) {
  process.stdout.write(`  ${target.name}: fan-out…\n`);
  const fan = await fanOut(target, {
    clientsPerDoc: CLIENTS_PER_DOC,
    intervalMs: INTERVAL_MS,
    durationMs: DURATION_MS,
  });
  await sleep(1000);
  process.stdout.write(`  ${target.name}: burst…\n`);
  const through = await burst(target, BURST_READERS, BURST_UPDATES);
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
    return await measure(await palabreTarget(server, DOCS));
  } finally {
    await server.stop();
  }
}

async function measureHocuspocus(): Promise<Measured> {
  const server = await startHocuspocus();
  try {
    return await measure(referenceTarget(server, hocuspocusDialect(server.wsUrl), DOCS));
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
          DOCS,
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
