import { onTestFinished } from 'vitest';
import { spawnPalabre } from './spawn.js';
import type { ServerProcess } from './spawn.js';

export type { ServerProcess };

/** spawnPalabre for a test: the process is killed when the test finishes. */
export async function startProcess(
  env: Record<string, string>,
  options?: Parameters<typeof spawnPalabre>[1],
): Promise<ServerProcess> {
  const proc = await spawnPalabre(env, options);
  onTestFinished(() => proc.kill());
  return proc;
}
