import type { Logger } from '../../log.js';
import type { Liveness } from '../../ports/liveness.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { SessionService } from '../sessionService.js';
import type { Reaction } from './reaction.js';

/** Beats missed before the gap counts as an outage (a beat may be late when a process is busy). */
const MISSED_BEATS = 3;

/**
 * Time when no process was up is not speaking time, nor phase time. Every process records a beat in the shared
 * liveness store every `beatMs`. A process that starts reads the last beat before its own: when it is older
 * than three beats, no process was up since then, so for every live session it issues
 * `outage.recover { downSince }` (as `system`): the outage is recorded in the session (`service.interrupted`:
 * the report lists it and leaves it out of the phases' times), each turn running then is credited up to the
 * last beat with the outage recorded apart (`downMs`), and runs on with the time it had left. `start` must run before the turn
 * timers are armed, or the expiry of a turn whose time ran out during the outage would land first.
 * Several processes starting at once may all report the same outage: `decide` accepts it once per turn.
 */
export class OutageRecovery implements Reaction {
  readonly name = 'outage recovery';
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly sessions: SessionService,
    private readonly liveness: Liveness,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly beatMs: number,
  ) {}

  /** Reads the last beat, starts beating, and reports an outage if there was one. Resolves once reported. */
  async start(): Promise<{ downSince: number; downMs: number } | null> {
    const last = await this.liveness.last().catch((err: unknown) => {
      this.log.warn('could not read the last liveness beat; assuming no outage', { err });
      return null;
    });
    this.beat();
    const now = this.clock.now();
    if (last === null || now - last <= MISSED_BEATS * this.beatMs) return null;
    const outage = { downSince: last, downMs: now - last };
    this.log.warn(
      'no process was up for a while: recorded in live sessions, not counted as speaking time',
      outage,
    );
    for (const sessionId of await this.sessions.activeIds()) {
      const state = await this.sessions.get(sessionId);
      if (state?.status !== 'live') continue;
      const result = await this.sessions.execute(
        sessionId,
        { type: 'outage.recover', downSince: last },
        { kind: 'system' },
      );
      if (!result.ok && result.error.code !== 'invalid_state') {
        this.log.warn('could not record an outage in a session', { sessionId, error: result.error });
      }
    }
    return outage;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private beat(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    this.liveness.beat(now).catch((err: unknown) => this.log.debug('liveness beat failed', { err }));
    this.timer = this.clock.at(now + this.beatMs, () => this.beat());
  }
}
