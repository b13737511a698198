import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Liveness } from '../../ports/liveness.js';

/**
 * The embedded default: the last beat, as a number of ms, in `<dataDir>/.heartbeat`, replaced atomically (a
 * temporary file renamed over it). Not fsynced: after a machine crash the beat read back may be a little older
 * than the real last moment up, which only makes the outage a little longer than it was.
 */
export class FileLiveness implements Liveness {
  private readonly path: string;
  private writes = 0;

  constructor(dataDir: string) {
    this.path = join(dataDir, '.heartbeat');
  }

  async beat(at: number): Promise<void> {
    const previous = await this.last();
    if (previous !== null && previous >= at) return;
    // A name of its own per write: two beats in flight (or two servers of one process) never share one.
    const tmp = `${this.path}.${process.pid}.${(this.writes++).toString(36)}.tmp`;
    await writeFile(tmp, String(at), { mode: 0o600 });
    await rename(tmp, this.path);
  }

  async last(): Promise<number | null> {
    try {
      const value = Number((await readFile(this.path, 'utf8')).trim());
      return Number.isFinite(value) && value > 0 ? value : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async close(): Promise<void> {}
}
