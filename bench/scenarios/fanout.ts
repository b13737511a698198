/**
 * The table of issue #17: what each server spends per delivered update, beside the reference servers that
 * persist nothing, in the same run. Five servers, each in its own process: the reference y-websocket server
 * (@y/websocket-server 0.1.1), a bare relay that keeps no document (bench/support/bareRelay.mjs: the floor,
 * what one write per reader costs), Hocuspocus 4.7 (default options), Palabre as deployed (file store: every
 * update on disk before anyone sees it) and Palabre with the memory store. Runs are interleaved (server A,
 * B, C, D, E, then again) and the figures are medians over runs, with ratios to the reference y-websocket
 * server. CPU is read after BENCH_FANOUT_WARMUP_SECONDS (10) of the same load, once every server has compiled
 * its hot paths (and also over the whole run, warm-up included). Server CPU time per delivered update is the stable figure on a shared 2-core machine; latency is
 * reported but noisy. The clients are light wire-protocol clients (bench/documents/clients.ts), the same for
 * every server.
 *
 * BENCH_FANOUT_RUNS (3), BENCH_FANOUT_SECONDS (15, measured after the warm-up), BENCH_FANOUT_ONLY (comma-separated server names),
 * BENCH_FANOUT_BEFORE: the folder of another built tree of Palabre (`npm ci && npm run build` in a git
 * worktree of an older commit), run as deployed beside the others as `palabre-before` (file store), so a
 * change is measured before and after in the same run.
 */
import { median, round } from '../stats.js';
import { hocuspocusDialect, yWebsocketDialect } from '../documents/clients.js';
import {
  burst,
  fanOut,
  idleConnections,
  palabreTarget,
  referenceTarget,
  settledRss,
  sleep,
} from '../documents/load.js';
import type { Target } from '../documents/load.js';
import {
  startBareRelay,
  startHocuspocus,
  startPalabre,
  startYWebsocketServer,
} from '../documents/servers.js';
import type { ServerProcess } from '../documents/servers.js';

export const description =
  '50 docs × 20 clients, 1 writer/doc every 100 ms, 15 s: server CPU per delivered update, latency, ' +
  'delivered; 1 writer → 50 readers; 2,000 idle connections over 100 docs; idle RSS — vs ' +
  '@y/websocket-server and Hocuspocus, interleaved runs, medians';

const RUNS = Number(process.env.BENCH_FANOUT_RUNS ?? 3);
const DURATION_MS = Number(process.env.BENCH_FANOUT_SECONDS ?? 15) * 1000;
const WARMUP_MS = Number(process.env.BENCH_FANOUT_WARMUP_SECONDS ?? 10) * 1000;
const DOCS = 50;
const IDLE_DOCS = 100;
const IDLE_CONNECTIONS = 2000;

interface Server {
  name: string;
  start(): Promise<ServerProcess>;
  target(server: ServerProcess, docs: number): Promise<Target>;
}

const SERVERS: Server[] = [
  {
    name: 'y-websocket-server',
    start: async () => {
      const started = await startYWebsocketServer();
      if ('unavailable' in started) throw new Error(started.unavailable);
      return started;
    },
    target: async (server, docs) =>
      referenceTarget(
        server,
        yWebsocketDialect((doc) => `${server.wsUrl}/${doc}`),
        docs,
      ),
  },
  {
    name: 'bare-relay',
    start: () => startBareRelay(),
    target: async (server, docs) =>
      referenceTarget(
        server,
        yWebsocketDialect((doc) => `${server.wsUrl}/${doc}`),
        docs,
      ),
  },
  {
    name: 'hocuspocus',
    start: () => startHocuspocus(),
    target: async (server, docs) => referenceTarget(server, hocuspocusDialect(server.wsUrl), docs),
  },
  {
    name: 'palabre',
    start: () => startPalabre('file'),
    target: (server, docs) => palabreTarget(server, docs),
  },
  {
    name: 'palabre-memory',
    start: () => startPalabre('memory'),
    target: (server, docs) => palabreTarget(server, docs),
  },
  ...(process.env.BENCH_FANOUT_BEFORE
    ? [
        {
          name: 'palabre-before',
          start: () => startPalabre('file', {}, process.env.BENCH_FANOUT_BEFORE),
          target: (server: ServerProcess, docs: number) => palabreTarget(server, docs),
        },
      ]
    : []),
];

async function measureOnce(server: Server) {
  const fresh = await server.start();
  try {
    const idleRss = await settledRss(fresh);
    const target = await server.target(fresh, DOCS);
    const fan = await fanOut(target, {
      clientsPerDoc: 20,
      intervalMs: 100,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
    });
    await sleep(500);
    const oneToMany = await burst(target, 50, 3000);
    await sleep(500);
    const idle = await idleConnections(await server.target(fresh, IDLE_DOCS), IDLE_CONNECTIONS);
    return {
      idleRssMiB: round(idleRss / 2 ** 20, 1),
      cpuMicrosPerDelivery: fan.cpuMicrosPerDelivery,
      cpuMicrosPerDeliveryWithWarmup: fan.cpuMicrosPerDeliveryWithWarmup,
      latencyP50: fan.latencyMs.p50,
      latencyP99: fan.latencyMs.p99,
      delivered: fan.delivered,
      expected: fan.expected,
      burstCpuMicrosPerDelivery: oneToMany.cpuMicrosPerDelivery,
      burstOutcome: oneToMany.outcome,
      idleKiBPerConnection: idle.perConnectionKiB,
    };
  } finally {
    await fresh.stop();
  }
}

type Figures = Awaited<ReturnType<typeof measureOnce>>;

export async function run(): Promise<Record<string, unknown>> {
  const only = process.env.BENCH_FANOUT_ONLY?.split(',');
  const servers = SERVERS.filter((s) => !only || only.includes(s.name));
  const runs = new Map<string, Figures[]>(servers.map((s) => [s.name, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const server of servers) {
      process.stdout.write(`  run ${r + 1}/${RUNS}: ${server.name}…\n`);
      runs.get(server.name)!.push(await measureOnce(server));
    }
  }
  const medians: Record<string, Record<string, number | string>> = {};
  for (const [name, figures] of runs) {
    const keys = Object.keys(figures[0]!) as (keyof Figures)[];
    medians[name] = Object.fromEntries(
      keys.map((k) => [
        k,
        typeof figures[0]![k] === 'number'
          ? round(median(figures.map((f) => f[k] as number)), 2)
          : figures.map((f) => f[k]).join(','),
      ]),
    );
  }
  const reference = medians['y-websocket-server'];
  const ratios: Record<string, Record<string, number>> = {};
  if (reference) {
    for (const [name, m] of Object.entries(medians)) {
      if (name === 'y-websocket-server') continue;
      ratios[name] = Object.fromEntries(
        (
          [
            'cpuMicrosPerDelivery',
            'cpuMicrosPerDeliveryWithWarmup',
            'burstCpuMicrosPerDelivery',
            'idleKiBPerConnection',
            'idleRssMiB',
            'latencyP99',
          ] as const
        ).map((k) => [k, round((m[k] as number) / (reference[k] as number), 2)]),
      );
    }
  }
  return { runs: Object.fromEntries(runs), medians, ratiosToYWebsocketServer: ratios };
}
