import { pageOf } from '../../ports/sessionCatalog.js';
import type { SessionCatalog, SessionPage, SessionSummary } from '../../ports/sessionCatalog.js';

/** The catalog in memory (tests, and the stores that keep nothing). */
export class MemorySessionCatalog implements SessionCatalog {
  protected readonly summaries = new Map<string, SessionSummary>();

  async put(summary: SessionSummary): Promise<void> {
    this.summaries.set(summary.id, { ...summary });
  }

  async putMany(summaries: readonly SessionSummary[]): Promise<void> {
    for (const summary of summaries) await this.put(summary);
  }

  async get(id: string): Promise<SessionSummary | undefined> {
    const s = this.summaries.get(id);
    return s ? { ...s } : undefined;
  }

  async active(): Promise<string[]> {
    return [...this.summaries.values()].filter((s) => s.status !== 'ended').map((s) => s.id);
  }

  async page(options: Parameters<SessionCatalog['page']>[0]): Promise<SessionPage> {
    return pageOf(this.summaries.values(), options);
  }

  async size(): Promise<number> {
    return this.summaries.size;
  }

  async remove(id: string): Promise<void> {
    this.summaries.delete(id);
  }

  async close(): Promise<void> {}
}
