import type { SessionEvent } from '../../../shared/session/events.js';
import type { SessionState } from '../../../shared/session/types.js';
import type { Logger } from '../../log.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { SessionService } from '../sessionService.js';
import type { Reaction } from './reaction.js';

interface Armed {
  turnId: string;
  endsAt: number;
  handle: TimerHandle;
}

/** Retry a refused-for-now expiry (store unavailable, contention) after this long. */
const RETRY_MS = 250;

/**
 * Ends speaking turns on time. Watches every session this process serves and keeps one timer per running
 * turn, at its `endsAt`; when it fires, issues `turn.expire {turnId}` as `system`. Every process serving a
 * session does the same: the first expiry to land wins and the others are refused by `decide` (the turn is
 * no longer current), so no leader is needed. Extends, pauses and resumes re-arm or cancel the timer.
 */
export class TurnTimers implements Reaction {
  readonly name = 'turn timers';
  private readonly armed = new Map<string, Armed>();
  /** Due turns waiting to be expired, per session (groupId → turnId, endsAt). */
  private readonly due = new Map<string, Map<string, { turnId: string; endsAt: number }>>();
  /** Sessions with an expiry command in flight, and the command. */
  private readonly flushing = new Map<string, Promise<void>>();
  /** Sessions with a flush scheduled on the clock. */
  private readonly scheduled = new Set<string>();
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly sessions: SessionService,
    private readonly clock: Clock,
    private readonly log?: Logger,
  ) {}

  /**
   * Starts watching new events and sessions loaded later (another process's, or after a restart), then
   * arms the running turns of the stored live sessions.
   */
  async start(): Promise<void> {
    this.listen();
    await this.armStoredSessions();
  }

  /** Watches new events and sessions loaded later, without reading the store (tests, benchmarks). */
  listen(): void {
    this.stops.push(
      this.sessions.onEvents((id, events, state) => this.onEvents(id, events, state)),
      this.sessions.onLoaded((id, state) => this.syncSession(id, state)),
    );
  }

  /**
   * Resolves once no expiry is due or in flight: what the timers that fired so far have done is in the
   * log. With a fake clock, `clock.advance(…)` then `await timers.settled()` shows the effect of the move.
   */
  async settled(): Promise<void> {
    // A flush scheduled on a fake clock starts inside `advance`; one that ends may start the next.
    while (this.flushing.size > 0) await Promise.all([...this.flushing.values()]);
  }

  /** Loads every stored session that is live and arms its running turns (start-up after a restart). */
  async armStoredSessions(): Promise<void> {
    for (const id of await this.sessions.activeIds()) {
      const state = await this.sessions.get(id);
      if (state?.status === 'live') this.syncSession(id, state);
    }
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    for (const timer of this.armed.values()) timer.handle.cancel();
    this.armed.clear();
    this.due.clear();
  }

  /** Number of armed timers (for tests and metrics). */
  get size(): number {
    return this.armed.size;
  }

  private onEvents(sessionId: string, events: SessionEvent[], state: SessionState): void {
    if (events.some((e) => e.type === 'session.ended')) return this.syncSession(sessionId, state);
    const groups = new Set<string>();
    for (const event of events) {
      const groupId = (event.data as { groupId?: unknown }).groupId;
      if (typeof groupId === 'string') groups.add(groupId);
    }
    for (const groupId of groups) this.syncGroup(sessionId, state, groupId);
  }

  private syncSession(sessionId: string, state: SessionState): void {
    for (const groupId of state.groupOrder) this.syncGroup(sessionId, state, groupId);
  }

  /** Makes the timer of one group match its turn: armed at `endsAt` while a turn runs, none otherwise. */
  private syncGroup(sessionId: string, state: SessionState, groupId: string): void {
    const key = `${sessionId}/${groupId}`;
    const turn = state.status === 'live' ? state.groups[groupId]?.queue.turn : undefined;
    const current = this.armed.get(key);
    if (turn && turn.endsAt !== null) {
      if (current?.turnId === turn.turnId && current.endsAt === turn.endsAt) return;
      current?.handle.cancel();
      this.arm(key, sessionId, groupId, turn.turnId, turn.endsAt);
    } else if (current) {
      current.handle.cancel();
      this.armed.delete(key);
    }
  }

  private arm(
    key: string,
    sessionId: string,
    groupId: string,
    turnId: string,
    endsAt: number,
    at = endsAt,
  ): void {
    const handle = this.clock.at(at, () => this.fire(key, sessionId, groupId, turnId, endsAt));
    this.armed.set(key, { turnId, endsAt, handle });
  }

  private fire(key: string, sessionId: string, groupId: string, turnId: string, endsAt: number): void {
    const mine = this.armed.get(key);
    if (mine?.turnId !== turnId || mine.endsAt !== endsAt) return;
    // Timers may fire a hair early against the wall clock; decide would refuse a turn not yet due.
    if (this.clock.now() < endsAt) return this.arm(key, sessionId, groupId, turnId, endsAt);
    this.armed.delete(key);
    let pending = this.due.get(sessionId);
    if (!pending) this.due.set(sessionId, (pending = new Map()));
    pending.set(groupId, { turnId, endsAt });
    // Flush once every timer due at this instant has fired (through the clock, so a fake clock drives it
    // too): simultaneous deadlines join the same batch.
    if (!this.flushing.has(sessionId) && !this.scheduled.has(sessionId)) {
      this.scheduled.add(sessionId);
      this.clock.at(this.clock.now(), () => {
        this.scheduled.delete(sessionId);
        void this.flush(sessionId);
      });
    }
  }

  /**
   * Expires every due turn of a session in one command. Deadlines that fall due while a command is in
   * flight wait for it and go together in the next one (like a group commit): a burst of simultaneous
   * deadlines in many groups costs a few appends, not one each.
   */
  private flush(sessionId: string): Promise<void> {
    const pending = this.due.get(sessionId);
    if (this.flushing.has(sessionId) || !pending || pending.size === 0) return Promise.resolve();
    this.due.delete(sessionId);
    const flushed = this.expire(sessionId, pending).finally(() => {
      this.flushing.delete(sessionId);
      if (this.due.has(sessionId)) void this.flush(sessionId);
    });
    this.flushing.set(sessionId, flushed);
    return flushed;
  }

  private async expire(
    sessionId: string,
    pending: Map<string, { turnId: string; endsAt: number }>,
  ): Promise<void> {
    const turns = [...pending].map(([groupId, { turnId }]) => ({ groupId, turnId }));
    try {
      const result = await this.sessions.execute(
        sessionId,
        turns.length === 1 ? { type: 'turn.expire', ...turns[0]! } : { type: 'turns.expire', turns },
        { kind: 'system' },
      );
      if (!result.ok && result.error.code !== 'invalid_state' && result.error.code !== 'session_ended') {
        // The store was unavailable or too busy: try again shortly, unless the turn changed meanwhile.
        this.log?.warn('turn expiry failed; retrying', { sessionId, turns, error: result.error });
        for (const [groupId, { turnId, endsAt }] of pending) {
          const key = `${sessionId}/${groupId}`;
          if (!this.armed.has(key))
            this.arm(key, sessionId, groupId, turnId, endsAt, this.clock.now() + RETRY_MS);
        }
      }
    } catch (err) {
      this.log?.error('turn expiry failed', { err, sessionId, turns });
    }
  }
}
