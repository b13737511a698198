/**
 * Start-up against history (issue #17): the time from spawning `node dist/server/main.js` until it answers
 * `/healthz`, with no session stored and with 20,000 ended sessions (plus one live one), on the embedded file
 * store and on Redis. "First start" is a data set from before the session catalog (start-up catalogues every
 * stored session once); "steady" is every start after it. Runs are interleaved and reported as medians, with
 * the ratio to the empty start of the same run. BENCH_STARTUP_BEFORE=<checkout with a build> adds that build
 * (an earlier main) on the same data.
 *
 * BENCH_STARTUP_SESSIONS (20000), BENCH_STARTUP_RUNS (3).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FileEventStore } from '../../server/adapters/file/fileEventStore.js';
import { redisKeys } from '../../server/adapters/redis/keys.js';
import { connectRedis } from '../../server/adapters/redis/redisConnection.js';
import { RedisEventStore } from '../../server/adapters/redis/redisEventStore.js';
import { chain } from '../../server/core/hashChain.js';
import { createLogger } from '../../server/log.js';
import type { EventStore } from '../../server/ports/eventStore.js';
import { newEvent } from '../../shared/session/events.js';
import { normalizeAgenda } from '../../shared/session/phases/schemas.js';
import { AGENDA_TEMPLATES, DEFAULT_TEMPLATE } from '../../shared/session/phases/templates.js';
import { startRedis } from '../../test/helpers/redis.js';
import type { RedisServer } from '../../test/helpers/redis.js';
import { ROOT } from '../documents/servers.js';
import { median, round } from '../stats.js';

export const description =
  'time until /healthz answers with 20,000 ended sessions stored (file store and Redis), first start ' +
  '(cataloguing) and steady, vs an empty store in the same run; interleaved runs, medians';

const SESSIONS = Number(process.env.BENCH_STARTUP_SESSIONS ?? 20_000);
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const BEFORE = process.env.BENCH_STARTUP_BEFORE;
const SECRET = 'bench-secret-0123456789abcdef';

/** Stores `count` sessions, each created, started and ended in one append (one log line each), and one live. */
async function fill(store: EventStore, count: number): Promise<void> {
  const agenda = normalizeAgenda([...AGENDA_TEMPLATES[DEFAULT_TEMPLATE]], 'fr');
  const settings = { crossGroupReading: true, maxMembers: 500 };
  const at = Date.now() - 86_400_000;
  const one = async (i: number, ended: boolean) => {
    const id = `s${String(i).padStart(6, '0')}`;
    const events = [
      newEvent('session.created', { id, title: `Atelier ${i}`, locale: 'fr', agenda, settings }),
      newEvent('group.created', { groupId: `g${i}`, name: 'Groupe 1' }),
      newEvent('session.started', {}),
      ...(ended ? [newEvent('session.ended', {})] : []),
    ];
    const result = await store.append(id, 0, chain({ version: 0, hash: '' }, events, at + i, 'admin'));
    if (!result.ok) throw new Error(`could not store ${id}`);
  };
  for (let i = 0; i < count; i += 200) {
    await Promise.all(Array.from({ length: Math.min(200, count - i) }, (_, k) => one(i + k, true)));
  }
  await one(count, false);
}

/** Milliseconds from spawning a server until /healthz answers 200; the server is stopped afterwards. */
async function timeToHealthy(start: () => Promise<{ httpUrl: string; stop(): Promise<void> }>) {
  const t0 = performance.now();
  const server = await start();
  try {
    for (;;) {
      const res = await fetch(`${server.httpUrl}/healthz`).catch(() => undefined);
      if (res?.status === 200) return performance.now() - t0;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await server.stop();
  }
}

/**
 * Spawns `node dist/server/main.js` of `root` (this checkout, or an earlier one) on `env`; resolves once it
 * prints its address. No start-up deadline below 10 minutes: what is measured is how long it takes.
 */
async function startServer(root: string, env: Record<string, string>) {
  if (root === ROOT) ensureBuilt();
  const own = env.DATA_DIR ? undefined : await mkdtemp(join(tmpdir(), 'palabre-startup-data-'));
  const child = spawn(process.execPath, [join(root, 'dist/server/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      SECRET,
      ADMIN_TOKEN: 'bench-admin-token-0123456789',
      LOG_LEVEL: 'warn',
      SERVE_CLIENT: 'false',
      ...(own ? { DATA_DIR: own } : {}),
      ...env,
    },
    stdio: 'pipe',
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no start in 10 minutes: ${stderr}`)), 600_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /running at http:\/\/[^:]+:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (own) await rm(own, { recursive: true, force: true });
    },
  };
}

let built = false;
function ensureBuilt() {
  if (built) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  built = true;
}

interface Case {
  name: string;
  /** Prepares the data this start finds (a fresh copy, or a catalog removed). */
  prepare(): Promise<Record<string, string>>;
  before?: boolean;
}

export async function run() {
  if (BEFORE && !existsSync(join(BEFORE, 'dist/server/main.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: BEFORE, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`could not build ${BEFORE}: ${build.stderr}`);
  }
  const base = await mkdtemp(join(tmpdir(), 'palabre-startup-'));
  let redis: RedisServer | undefined;
  const cleanups: (() => Promise<unknown>)[] = [() => rm(base, { recursive: true, force: true })];
  try {
    // The file data set, written once; each start gets its own copy (a start writes its catalog).
    const filled = join(base, 'filled');
    const fileStore = new FileEventStore(filled);
    await fileStore.init();
    let t = performance.now();
    await fill(fileStore, SESSIONS);
    await fileStore.close();
    process.stdout.write(
      `  stored ${SESSIONS} ended sessions in files in ${round((performance.now() - t) / 1000)} s\n`,
    );
    const empty = join(base, 'empty');
    let copies = 0;
    const copyOf = async (withCatalog: boolean) => {
      const dir = join(base, `copy-${copies++}`);
      await cp(withCatalog ? steadyFiles : filled, dir, { recursive: true });
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return { DATA_DIR: dir };
    };
    // A copy catalogued by one start: what every later start finds.
    const steadyFiles = join(base, 'steady');
    await cp(filled, steadyFiles, { recursive: true });
    await timeToHealthy(() => startServer(ROOT, { DATA_DIR: steadyFiles }));

    const cases: Case[] = [
      { name: 'file, empty', prepare: async () => ({ DATA_DIR: empty }) },
      { name: 'file, first start (catalogues)', prepare: () => copyOf(false) },
      { name: 'file, steady', prepare: () => copyOf(true) },
    ];
    if (BEFORE) cases.push({ name: 'file, before', prepare: () => copyOf(false), before: true });

    try {
      redis = await startRedis();
      const redisUrl = redis.url;
      const log = createLogger('silent');
      const connection = await connectRedis(redisUrl, log);
      const store = new RedisEventStore(connection.command, connection.subscriber, redisKeys('filled'));
      await store.init();
      t = performance.now();
      await fill(store, SESSIONS);
      await store.close();
      await connection.close();
      process.stdout.write(
        `  stored ${SESSIONS} ended sessions in Redis in ${round((performance.now() - t) / 1000)} s\n`,
      );
      // Each start gets the data under a prefix of its own (a start writes the catalog under its prefix).
      let prefixes = 0;
      const redisCopy = async (catalogued: boolean) => {
        const prefix = `copy${prefixes++}`;
        const copy = await connectRedis(redisUrl, log);
        try {
          let cursor = '0';
          do {
            const [next, keys] = await copy.command.scan(cursor, 'MATCH', 'filled:*', 'COUNT', 1000);
            cursor = next;
            const pipeline = copy.command.pipeline();
            for (const key of keys) {
              if (!catalogued && key.startsWith('filled:catalog')) continue;
              pipeline.copy(key, `${prefix}${key.slice('filled'.length)}`);
            }
            await pipeline.exec();
          } while (cursor !== '0');
        } finally {
          await copy.close();
        }
        return { REDIS_URL: redisUrl, REDIS_PREFIX: prefix };
      };
      // Catalogue the filled data once (a start), so that steady copies carry the catalog.
      await timeToHealthy(() => startServer(ROOT, { REDIS_URL: redisUrl, REDIS_PREFIX: 'filled' }));
      cases.push(
        {
          name: 'redis, empty',
          prepare: async () => ({ REDIS_URL: redisUrl, REDIS_PREFIX: `empty${prefixes++}` }),
        },
        { name: 'redis, first start (catalogues)', prepare: () => redisCopy(false) },
        { name: 'redis, steady', prepare: () => redisCopy(true) },
      );
      if (BEFORE) cases.push({ name: 'redis, before', prepare: () => redisCopy(false), before: true });
    } catch (error) {
      process.stdout.write(`  redis cases skipped: ${(error as Error).message}\n`);
    }

    const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    for (let r = 0; r < RUNS; r++) {
      for (const c of cases) {
        const env = await c.prepare();
        const ms = await timeToHealthy(() => startServer(c.before ? BEFORE! : ROOT, env));
        times.get(c.name)!.push(ms);
        process.stdout.write(`  run ${r + 1}/${RUNS} ${c.name}: ${round(ms)} ms\n`);
      }
    }
    const result: Record<string, unknown> = { sessions: SESSIONS, runs: RUNS };
    for (const store of ['file', 'redis']) {
      const emptyMs = times.get(`${store}, empty`);
      if (!emptyMs) continue;
      const base = median(emptyMs);
      for (const [name, ms] of times) {
        if (!name.startsWith(`${store},`)) continue;
        result[name] = {
          medianMs: round(median(ms)),
          vsEmpty: round(median(ms) / base),
          runsMs: ms.map(round),
        };
      }
    }
    return result;
  } finally {
    await redis?.stop();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
