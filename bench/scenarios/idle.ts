/**
 * Idle memory (issue #17): resident memory of each server process before any client, 1.5 s after it is
 * ready. Palabre as deployed (`node dist/server/main.js`, embedded file store) and on Redis, beside the two
 * reference servers (Hocuspocus with no extension, @y/websocket-server 0.1.1), each started fresh in every run;
 * runs are interleaved and reported as medians, with ratios to the reference y-websocket server (or Hocuspocus
 * when that one cannot be installed). BENCH_IDLE_BEFORE=<checkout with a build> adds that build (an earlier
 * main) as deployed on the same settings.
 *
 * BENCH_IDLE_RUNS (3). RSS is read from /proc/<pid>/status (VmRSS, RssAnon: the heap and other private memory;
 * RssFile: the mapped node binary and libraries, the same for every Node server).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedis } from '../../test/helpers/redis.js';
import { startHocuspocus, startPalabre, startYWebsocketServer } from '../documents/servers.js';
import type { ServerProcess } from '../documents/servers.js';
import { median, round } from '../stats.js';

export const description =
  'resident memory of each server before any client (Palabre embedded and on Redis, the reference servers), ' +
  'interleaved runs, medians and ratios';

const RUNS = Number(process.env.BENCH_IDLE_RUNS ?? 3);
const BEFORE = process.env.BENCH_IDLE_BEFORE;
/** Time left to the process after it reports ready, for lazy start-up work to finish (ms). */
const SETTLE_MS = 1_500;

interface Reading {
  rssMiB: number;
  anonMiB: number;
}

function memoryOf(server: ServerProcess): Reading {
  const pid = server.pid();
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, anonMiB: kib('RssAnon') / 1024 };
}

export async function run() {
  const redis = await startRedis();
  const starters: Record<string, () => Promise<ServerProcess | { unavailable: string }>> = {
    'palabre (file, as deployed)': () => startPalabre('file'),
    'palabre (redis)': () =>
      startPalabre('file', { REDIS_URL: redis.url, REDIS_PREFIX: `idle${Date.now()}` }),
    ...(BEFORE ? { 'palabre before (file)': () => startPalabre('file', {}, BEFORE) } : {}),
    hocuspocus: startHocuspocus,
    'y-websocket-server': startYWebsocketServer,
  };
  const readings: Record<string, Reading[]> = {};
  const unavailable: Record<string, string> = {};
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const [name, start] of Object.entries(starters)) {
        if (unavailable[name]) continue;
        const server = await start();
        if ('unavailable' in server) {
          unavailable[name] = server.unavailable;
          continue;
        }
        await sleep(SETTLE_MS);
        (readings[name] ??= []).push(memoryOf(server));
        await server.stop();
      }
    }
  } finally {
    await redis.stop();
  }
  const reference = readings['y-websocket-server'] ? 'y-websocket-server' : 'hocuspocus';
  const referenceRss = median(readings[reference]!.map((r) => r.rssMiB));
  const servers = Object.fromEntries(
    Object.entries(readings).map(([name, list]) => {
      const rss = median(list.map((r) => r.rssMiB));
      return [
        name,
        {
          rssMiB: round(rss, 1),
          anonMiB: round(median(list.map((r) => r.anonMiB)), 1),
          ratioToReference: round(rss / referenceRss, 2),
          runs: list.length,
        },
      ];
    }),
  );
  return { reference, servers, unavailable };
}
