import type { Logger } from '../../log.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { PrivacyService } from '../privacy.js';
import type { SessionService } from '../sessionService.js';
import type { Reaction } from './reaction.js';

/** How often stored sessions are checked against the retention period. */
export const RETENTION_CHECK_MS = 3600_000;

/**
 * Ended sessions are deleted, with everything they stored, once `retentionMs` has passed since their end
 * (RETENTION_DAYS): checked at start and every hour, on every process (a session deleted by another
 * process is simply not found). Running and scheduled sessions are never touched.
 */
export class SessionRetention implements Reaction {
  readonly name = 'session retention';
  private timer: TimerHandle | null = null;
  private stopped = false;

  constructor(
    private readonly sessions: SessionService,
    private readonly privacy: PrivacyService,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly retentionMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.clock.now());
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  private schedule(at: number): void {
    if (this.stopped) return;
    this.timer = this.clock.at(at, () => {
      this.purge()
        .catch((err: unknown) => this.log.warn('retention check failed; retrying later', { err }))
        .finally(() => this.schedule(this.clock.now() + RETENTION_CHECK_MS));
    });
  }

  /** Deletes every ended session past its retention period; resolves with their ids. */
  async purge(): Promise<string[]> {
    const deleted: string[] = [];
    const now = this.clock.now();
    // Ended sessions from the catalog, a page at a time: no log is read to find them.
    const due: { id: string; endedAt: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.sessions.page({ status: 'ended', cursor, limit: 500 });
      for (const s of page.sessions) {
        if (s.endedAt !== null && now - s.endedAt >= this.retentionMs)
          due.push({ id: s.id, endedAt: s.endedAt });
      }
      cursor = page.next ?? undefined;
    } while (cursor && !this.stopped);
    for (const { id: sessionId, endedAt } of due) {
      if (this.stopped) break;
      const result = await this.privacy.deleteSession(sessionId);
      if (result.ok) {
        deleted.push(sessionId);
        this.log.info('session deleted after its retention period', {
          sessionId,
          endedAt: new Date(endedAt).toISOString(),
        });
      }
    }
    return deleted;
  }
}
