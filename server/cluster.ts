/**
 * `npm run start:cluster`: N Palabre processes on one machine behind one port, with Node's cluster module.
 * Workers share the listening socket (the primary hands out connections round-robin), so clients must
 * not depend on reaching the same process twice: socket.io is set to WebSocket only (one TCP connection
 * per client) and everything else is shared through Redis, which is therefore required.
 */
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { parseEnv } from './config.js';

if (cluster.isPrimary) {
  let env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    process.stderr.write(`palabre: ${(error as Error).message}\n`);
    process.exit(2);
  }
  if (!env.REDIS_URL) {
    process.stderr.write(
      'palabre: several processes share sessions through Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379)\n',
    );
    process.exit(2);
  }
  const workers = Number(process.env.WORKERS ?? availableParallelism());
  if (!Number.isInteger(workers) || workers < 1) {
    process.stderr.write(`palabre: WORKERS must be a positive integer, not ${process.env.WORKERS}\n`);
    process.exit(2);
  }
  cluster.setupPrimary({ silent: false });
  const workerEnv = { SOCKET_TRANSPORTS: process.env.SOCKET_TRANSPORTS ?? 'websocket' };
  let stopping = false;
  const restarts: number[] = [];
  for (let i = 0; i < workers; i++) cluster.fork(workerEnv);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    // Restart crashed workers, but not in a tight loop: more than 5 crashes a minute stops the cluster.
    const now = Date.now();
    restarts.push(now);
    while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
    if (restarts.length > 5) {
      process.stderr.write('palabre: workers keep crashing; stopping the cluster\n');
      process.exit(1);
    }
    process.stderr.write(
      `palabre: worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`,
    );
    cluster.fork(workerEnv);
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  await import('./main.js');
}
