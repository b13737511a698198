import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testEnv } from './constants.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /**
   * Kills the process (SIGKILL by default: no goodbye to clients or Redis, and to its whole process group,
   * so nothing started through `npm start` survives) and waits for its exit. Another signal goes to the
   * process alone, as a supervisor sends it.
   */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it printed so far (stdout and stderr). */
  output(): string;
}

/** How a process is started: server/main.ts through tsx by default; `npm start` or the built entry too. */
export const COMMANDS = {
  sources: [process.execPath, '--import', 'tsx', join(ROOT, 'server/main.ts')],
  npmStart: ['npm', 'start'],
  built: [process.execPath, join(ROOT, 'dist/server/main.js')],
} satisfies Record<string, string[]>;

/**
 * Starts a real Palabre process (server/main.ts through tsx, unless `command` says otherwise) on a free
 * port, the way an operator would, and resolves with its URL once it prints it. The caller kills it (see
 * processes.ts for tests).
 */
export async function spawnPalabre(
  env: Record<string, string>,
  options: { command?: string[]; startTimeoutMs?: number } = {},
): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'palabre-proc-'));
  const [file, ...args] = options.command ?? COMMANDS.sources;
  const child = spawn(file!, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...testEnv(dataDir, 'warn'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that SIGKILL reaches what `npm start` runs too.
    detached: true,
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (signal === 'SIGKILL') {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    }
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };
  // If start-up fails, do not leave the child behind.
  const started = (url: string) => ({ url, child, kill, exited, output: () => output });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`palabre did not start:\n${output}`));
    }, options.startTimeoutMs ?? 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Palabre is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`palabre exited with ${code}:\n${output}`));
    });
  });
  return started(url);
}
