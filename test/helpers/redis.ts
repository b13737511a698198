import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, or SIGKILL when `hard`), and waits for it to exit. */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

/** A free TCP port on loopback, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function launch(port: number, persistDir?: string, extra: string[] = []): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // Persistence only when a test restarts Redis and expects its data back (as production Redis would).
    const persistence = persistDir
      ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', persistDir]
      : ['--appendonly', 'no'];
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        ...persistence,
        '--protected-mode',
        'no',
        ...extra,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start on port ${port}:\n${output}`));
    }, 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run redis-server (is it installed?): ${err.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
}

/** Spawns a real redis-server on a free port (never a mock). */
export async function startRedis(options: { persistDir?: string } = {}): Promise<RedisServer> {
  let port = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    child = await launch(port, options.persistDir).catch((error: Error) => {
      if (attempt === 4) throw error;
      return undefined;
    });
  }
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop(hard = false) {
      const current = child;
      child = undefined;
      if (!current || current.exitCode !== null) return;
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill(hard ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
    async start() {
      if (child) return;
      child = await launch(port, options.persistDir);
    },
  };
  return server;
}

/** A key prefix of its own for each test, so tests sharing one Redis never see each other's data. */
export function uniquePrefix(label = 't'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

export interface RedisClusterServer {
  /** A seed node: ioredis' Cluster client discovers the others from it. */
  url: string;
  stop(): Promise<void>;
}

/** Spawns a real three-master Redis Cluster on free ports (redis-server + redis-cli --cluster create). */
export async function startRedisCluster(dir: string): Promise<RedisClusterServer> {
  const ports = [await freePort(), await freePort(), await freePort()];
  const children = await Promise.all(
    ports.map((port) =>
      launch(port, undefined, [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `${dir}/nodes-${port}.conf`,
        '--dir',
        dir,
      ]),
    ),
  );
  const stop = async () => {
    await Promise.all(
      children.map((child) => {
        if (child.exitCode !== null) return undefined;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        return exited;
      }),
    );
  };
  const create = spawn(
    'redis-cli',
    [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  create.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  create.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => create.once('exit', resolve));
  if (code !== 0 || !output.includes('All 16384 slots covered')) {
    await stop();
    throw new Error(`redis-cli --cluster create failed:\n${output}`);
  }
  // Slots are assigned, but nodes learn of each other by gossip: wait until every node reports the cluster ok.
  const deadline = Date.now() + 15_000;
  for (const port of ports) {
    for (;;) {
      const info = spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' });
      if (info.stdout.includes('cluster_state:ok')) break;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`redis cluster on port ${port} never reported cluster_state:ok:\n${info.stdout}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { url: `redis://127.0.0.1:${ports[0]}`, stop };
}
