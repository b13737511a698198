/**
 * The servers the documents benchmark measures, each in its own child process so that its memory is its
 * own: Palabre (server/main.ts through tsx) and the references (Hocuspocus, @y/websocket-server).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  name: string;
  /** Base URL for HTTP (Palabre) and host:port for the WebSocket clients. */
  httpUrl: string;
  wsUrl: string;
  /** The server's process id (for /proc readings beyond rss and cpuMs). */
  pid(): number;
  /** Resident memory of the server process, in bytes (Linux /proc). */
  rss(): number;
  /** CPU time the server process has used so far (user + system), in ms (Linux /proc). */
  cpuMs(): number;
  /** Sends a signal to the server process (SIGUSR2 toggles the CPU profiler when BENCH_PROFILE_DIR is set). */
  signal(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

/** CPU time a process has used (utime + stime), in ms, from /proc/<pid>/stat (fields 14 and 15, ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : NaN;
}

export async function startChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  ready: RegExp,
  cleanup: () => Promise<void> = async () => undefined,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  // BENCH_CHILD_LOG=<folder>: each server's output goes to <folder>/<name>-<pid>.log (e.g. with --trace-gc).
  if (process.env.BENCH_CHILD_LOG) {
    const log = createWriteStream(join(process.env.BENCH_CHILD_LOG, `${name}-${child.pid}.log`));
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  }
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${stderr}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${stderr}`)));
  });
  return {
    name,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    pid: () => child.pid!,
    rss: () => rssOf(child),
    cpuMs: () => processCpuMs(child.pid!),
    signal: (signal) => void child.kill(signal),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await cleanup();
    },
  };
}

export const PALABRE_ADMIN = 'bench-admin-token-0123456789';

let built = false;

/**
 * How the bench starts Palabre: as deployed, `node dist/server/main.js` from a fresh build (once per bench
 * run), or from the sources through tsx with BENCH_PALABRE_FROM=src (tsx's loader adds ~25 MiB of memory).
 */
function palabreEntry(): string[] {
  const profile = process.env.BENCH_PROFILE_DIR ? ['--import', './bench/support/profileOnSignal.mjs'] : [];
  if (process.env.BENCH_PALABRE_FROM === 'src') return [...profile, '--import', 'tsx', 'server/main.ts'];
  if (!built) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    built = true;
  }
  return [...profile, 'dist/server/main.js'];
}

/**
 * Palabre as deployed by default (embedded file store: every update fdatasync'ed before it is broadcast),
 * with limits raised because the benchmark drives it harder than people do: messages per connection (the
 * burst sends thousands), commands per socket (the setup moves 50 members at once) and connections per IP
 * (every bench client comes from 127.0.0.1).
 */
export async function startPalabre(
  store: 'file' | 'memory' = 'file',
  extraEnv: Record<string, string> = {},
  /** Another built tree to run instead (its `dist/server/main.js`, from its own folder): a "before". */
  builtTree?: string,
): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(process.env.BENCH_TMP ?? tmpdir(), 'palabre-bench-'));
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--import', join(ROOT, 'bench/support/profileOnSignal.mjs')]
    : [];
  return startChild(
    `${store === 'file' ? 'palabre' : 'palabre-memory'}${builtTree ? '-before' : ''}`,
    [
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ...(builtTree ? [...profile, 'dist/server/main.js'] : palabreEntry()),
    ],
    {
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SECRET: 'bench-secret-0123456789abcdef',
      ADMIN_TOKEN: PALABRE_ADMIN,
      LOG_LEVEL: 'warn',
      SERVE_CLIENT: 'false',
      YJS_MESSAGES_PER_SECOND: '1000000',
      COMMAND_RATE: '1000',
      // All the bench clients come from 127.0.0.1.
      YJS_MAX_CONNECTIONS_PER_IP: '100000',
      YJS_STORE: store,
      ...extraEnv,
    },
    builtTree ?? ROOT,
    /running at http:\/\/[^:]+:(\d+)/,
    () => rm(dataDir, { recursive: true, force: true }),
  );
}

export async function startHocuspocus(): Promise<ServerProcess> {
  return startChild(
    'hocuspocus',
    [join(ROOT, 'bench/reference/hocuspocus/server.mjs')],
    { PORT: '0' },
    ROOT,
    /ready (\d+)/,
  );
}

/**
 * The fan-out floor: bench/support/bareRelay.mjs, a relay with no document (one `ws.send` per reader per
 * frame, nothing decoded or stored), run with this tree's `ws`.
 */
export async function startBareRelay(): Promise<ServerProcess> {
  return startChild(
    'bare-relay',
    [join(ROOT, 'bench/support/bareRelay.mjs')],
    { PORT: '0' },
    ROOT,
    /ready (\d+)/,
  );
}

/**
 * @y/websocket-server 0.1.1 (the last release on yjs 13), kept out of the main tree: installed on first use
 * in its own folder from its own lockfile. Returns the reason when it cannot be installed.
 */
export async function startYWebsocketServer(): Promise<ServerProcess | { unavailable: string }> {
  const dir = join(ROOT, 'bench/reference/y-websocket-server');
  if (!existsSync(join(dir, 'node_modules/@y/websocket-server'))) {
    const lock = existsSync(join(dir, 'package-lock.json'));
    const npm = spawnSync('npm', [lock ? 'ci' : 'install', '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (npm.status !== 0) {
      const reason = /npm error (notarget|404) .*/.exec(npm.stderr)?.[0] ?? `npm exited with ${npm.status}`;
      return { unavailable: `could not install @y/websocket-server: ${reason}` };
    }
  }
  return startChild('y-websocket-server', [join(dir, 'server.mjs')], { PORT: '0' }, dir, /ready (\d+)/);
}
