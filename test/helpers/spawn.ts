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
  /** Kills the process (SIGKILL by default: no goodbye to clients or Redis) and waits for its exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a real Palabre process (server/main.ts through tsx) on a free port, the way an operator would,
 * and resolves with its URL once it prints it. The caller kills it (see processes.ts for tests).
 */
export async function spawnPalabre(env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'palabre-proc-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...testEnv(dataDir, 'warn'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  // If start-up fails, do not leave the child behind.
  const started = (url: string) => ({ url, child, kill });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`palabre did not start:\n${output}`));
    }, 20_000);
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
