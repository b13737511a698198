import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `npm run verify-log -- <args>` as a child process (the script from source, through tsx): its exit code and
 * what it printed on stdout. Never throws on a non-zero exit: the code is the answer.
 */
export async function verifyLog(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(join('node_modules', '.bin', 'tsx'), ['scripts/verify-log.ts', ...args]);
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}
