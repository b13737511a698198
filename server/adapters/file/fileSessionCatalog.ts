import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionSummary } from '../../ports/sessionCatalog.js';
import { KeyedQueue } from '../../core/keyedQueue.js';
import { MemorySessionCatalog } from '../memory/memorySessionCatalog.js';

/** Rewrite the file once it holds this many more lines than sessions (stale summaries). */
const COMPACT_SLACK = 1000;

/**
 * The embedded default: `<dataDir>/catalog.jsonl`, one summary per line, appended on each change (the last
 * line of a session wins), read whole at start-up (20,000 sessions ≈ 3 MB, a few ms) and rewritten when
 * stale lines pile up. Not fsynced: the catalog is an index that `init` rebuilds from the logs when it is
 * missing, and a torn last line is skipped.
 */
export class FileSessionCatalog extends MemorySessionCatalog {
  private readonly path: string;
  private readonly queue = new KeyedQueue();
  private lines = 0;

  constructor(private readonly dataDir: string) {
    super();
    this.path = join(dataDir, 'catalog.jsonl');
  }

  /** Reads the catalog (missing: empty). */
  async init(): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    let text = '';
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // A torn last line (crash mid-append) is ended, so that the next append starts a line of its own.
    if (text && !text.endsWith('\n')) await appendFile(this.path, '\n');
    for (const line of text.split('\n')) {
      if (!line) continue;
      this.lines++;
      try {
        const entry = JSON.parse(line) as SessionSummary;
        this.summaries.set(entry.id, entry);
      } catch {
        // A torn last line (crash mid-append): the next change of that session writes it again.
      }
    }
  }

  override async put(summary: SessionSummary): Promise<void> {
    await super.put(summary);
    await this.write(summary);
  }

  override async putMany(summaries: readonly SessionSummary[]): Promise<void> {
    for (const summary of summaries) this.summaries.set(summary.id, { ...summary });
    await this.queue.run('file', async () => {
      await appendFile(this.path, summaries.map((s) => `${JSON.stringify(s)}\n`).join(''), { mode: 0o600 });
      this.lines += summaries.length;
    });
  }

  /** Rewrites the file without the session: a deleted session's id stays in no line (docs/privacy.md). */
  override async remove(id: string): Promise<void> {
    await super.remove(id);
    await this.queue.run('file', () => this.rewrite());
  }

  /** Replaces the file with one line per session (written aside, then renamed over it). */
  private async rewrite(): Promise<void> {
    const tmp = `${this.path}.tmp`;
    const all = [...this.summaries.values()].map((s) => `${JSON.stringify(s)}\n`).join('');
    await writeFile(tmp, all, { mode: 0o600 });
    await rename(tmp, this.path);
    this.lines = this.summaries.size;
  }

  private write(entry: SessionSummary): Promise<void> {
    return this.queue.run('file', async () => {
      if (this.lines > this.summaries.size + COMPACT_SLACK) return this.rewrite();
      await appendFile(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
      this.lines++;
    });
  }
}
