import type { Logger } from '../../log.js';
import type { AwarenessRecord, LapsedProcess, MemberHold, PresenceStore } from '../../ports/presence.js';
import type { Clock, TimerHandle } from '../clock.js';
import { randomId } from '../ids.js';
import type { Reaction } from '../reactions/reaction.js';
import type { SessionService } from '../sessionService.js';

export interface PresenceOptions {
  /**
   * How long a process's lease lasts without renewal (ms); it is renewed every third of that. When a process
   * dies, the others announce its members and awareness states as gone within about 1⅓ of this.
   */
  leaseMs: number;
  /**
   * How long a member whose last connection closed may take to come back before they are announced as gone
   * (ms): a page reload or a network blip is not a departure.
   */
  graceMs: number;
}

/** What the transports tell presence: a member's connection opened or closed on this process. */
export interface PresenceTracker {
  opened(sessionId: string, memberId: string): void;
  closed(sessionId: string, memberId: string): void;
}

const keyOf = (hold: MemberHold) => `${hold.sessionId}|${hold.memberId}`;

/**
 * Who is here, across processes, reconnections and process deaths. This process counts its own control-plane
 * connections per member and holds them in the shared presence store under its lease, renewed every third of
 * `leaseMs`. A member's first connection anywhere makes them `connected` in the log (`presence.enter`); when
 * their last one closes and they have not come back within `graceMs`, they are `disconnected`
 * (`presence.leave`, reason `left`). When a process dies, its lease lapses: one of the others claims it and
 * announces its members (`lapsed`) and its documents' awareness states as gone. Both commands are
 * idempotent, so processes never need to agree on who reports. At start-up, members the log still says are
 * connected but whom no process holds are announced gone once the grace has passed (a restart of the only
 * process). The speaker-drop rule follows from `member.disconnected` in `decide` (floor/effects.ts).
 */
export class PresenceService implements Reaction, PresenceTracker {
  readonly name = 'presence';
  /** This process's id in the presence store. */
  readonly owner = randomId('p');
  private readonly local = new Map<string, { hold: MemberHold; count: number }>();
  private readonly leaving = new Map<string, TimerHandle>();
  private readonly awarenessLapsed = new Set<(awareness: LapsedProcess['awareness']) => void>();
  private timer: TimerHandle | null = null;
  private stopped = false;

  constructor(
    private readonly sessions: SessionService,
    private readonly store: PresenceStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: PresenceOptions,
  ) {}

  async start(): Promise<void> {
    await this.store.renew(this.owner, this.clock.now() + this.options.leaseMs);
    this.schedule();
    await this.reconcile();
  }

  /**
   * Clean shutdown, which is a hand-over: the members still connected here are moving to another process
   * (their clients reconnect at once), so they are not announced gone. The lease is set to end one grace
   * period from now and no longer renewed; when it lapses, another process (or, for the only process, the
   * next start's reconciliation) announces only those who did not come back (`lapsed`) — a speaker keeps
   * the floor across a rolling restart. Members whose last connection had already closed are announced
   * `left` now, as their grace would have.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    const departed = [...this.leaving.keys()].map((key) => {
      const [sessionId, memberId] = key.split('|') as [string, string];
      return { sessionId, memberId };
    });
    for (const timer of this.leaving.values()) timer.cancel();
    this.leaving.clear();
    this.local.clear();
    try {
      for (const hold of departed) {
        if ((await this.store.holders(hold)) === 0) await this.leave(hold, 'left');
      }
      await this.store.renew(this.owner, this.clock.now() + this.options.graceMs);
    } catch (err) {
      this.log.warn('could not hand presence over at shutdown; it will lapse', { err, owner: this.owner });
    }
  }

  /** A member's connection opened on this process. */
  opened(sessionId: string, memberId: string): void {
    const hold = { sessionId, memberId };
    const key = keyOf(hold);
    const known = this.local.get(key);
    this.leaving.get(key)?.cancel();
    this.leaving.delete(key);
    if (known) {
      known.count++;
      return;
    }
    this.local.set(key, { hold, count: 1 });
    void this.enter(hold).catch((err: unknown) =>
      this.log.error('could not record a member as present', { err, sessionId, memberId }),
    );
  }

  /** A member's connection closed on this process. */
  closed(sessionId: string, memberId: string): void {
    const hold = { sessionId, memberId };
    const key = keyOf(hold);
    const known = this.local.get(key);
    if (!known) return;
    if (--known.count > 0) return;
    this.local.delete(key);
    void this.release(hold).catch((err: unknown) =>
      this.log.error('could not release a member’s presence', { err, sessionId, memberId }),
    );
  }

  /** Records awareness states this process's connections announced (or, with state `null`, removed). */
  recordAwareness(docId: string, records: AwarenessRecord[]): void {
    if (this.stopped || records.length === 0) return;
    this.store.putAwareness(this.owner, docId, records, this.clock.now()).catch((err: unknown) => {
      this.log.warn('could not share awareness states', { err, docId });
    });
  }

  /** Every awareness state of a document, on any process: what a newcomer must see at once. */
  awarenessOf(docId: string): Promise<AwarenessRecord[]> {
    return this.store.awareness(docId, this.clock.now());
  }

  /** Calls `listener` with the awareness states of a lapsed process this process claimed. */
  onAwarenessLapsed(listener: (awareness: LapsedProcess['awareness']) => void): () => void {
    this.awarenessLapsed.add(listener);
    return () => this.awarenessLapsed.delete(listener);
  }

  private async enter(hold: MemberHold): Promise<void> {
    await this.store.hold(this.owner, hold);
    const state = await this.sessions.get(hold.sessionId);
    if (!state || state.members[hold.memberId]?.connected) return;
    const result = await this.sessions.execute(
      hold.sessionId,
      { type: 'presence.enter', memberId: hold.memberId },
      { kind: 'system' },
    );
    if (!result.ok && result.error.code !== 'session_ended') {
      this.log.warn('member not recorded as present', { ...hold, error: result.error });
    }
  }

  private async release(hold: MemberHold): Promise<void> {
    const remaining = await this.store.release(this.owner, hold);
    if (remaining > 0) return;
    const key = keyOf(hold);
    // Not gone yet: a reload or a blip brings them back within the grace.
    this.leaving.set(
      key,
      this.clock.at(this.clock.now() + this.options.graceMs, () => {
        this.leaving.delete(key);
        if (this.local.has(key)) return;
        void this.store
          .holders(hold)
          .then((holders) => (holders === 0 ? this.leave(hold, 'left') : undefined))
          .catch((err: unknown) => this.log.error('could not record a departure', { err, ...hold }));
      }),
    );
  }

  private async leave(hold: MemberHold, reason: 'left' | 'lapsed'): Promise<void> {
    const result = await this.sessions.execute(
      hold.sessionId,
      { type: 'presence.leave', memberId: hold.memberId, reason },
      { kind: 'system' },
    );
    if (!result.ok && result.error.code !== 'session_ended' && result.error.code !== 'not_found') {
      this.log.warn('departure not recorded', { ...hold, reason, error: result.error });
    }
  }

  /** Renews the lease and claims lapsed processes, every third of the lease. */
  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.at(this.clock.now() + this.options.leaseMs / 3, () => {
      void this.tick().finally(() => this.schedule());
    });
  }

  private async tick(): Promise<void> {
    try {
      await this.store.renew(this.owner, this.clock.now() + this.options.leaseMs);
      for (const lapsed of await this.store.claimLapsed(this.clock.now())) {
        this.log.info('a process stopped renewing its presence: its members are gone', {
          owner: lapsed.owner,
          members: lapsed.members.length,
        });
        for (const member of lapsed.members) {
          if (member.remaining === 0 && !this.local.has(keyOf(member))) await this.leave(member, 'lapsed');
        }
        if (lapsed.awareness.length > 0) {
          for (const listener of this.awarenessLapsed) listener(lapsed.awareness);
        }
      }
    } catch (err) {
      this.log.warn('presence lease renewal failed; retrying', { err, owner: this.owner });
    }
  }

  /**
   * Members the log says are connected but whom no process holds (this one restarted, say): announced gone
   * once the grace has passed, unless they came back meanwhile.
   */
  private async reconcile(): Promise<void> {
    const stale: MemberHold[] = [];
    for (const sessionId of await this.sessions.activeIds()) {
      const state = await this.sessions.get(sessionId);
      if (!state || state.status === 'ended') continue;
      for (const member of Object.values(state.members)) {
        if (!member.connected) continue;
        const hold = { sessionId, memberId: member.id };
        if ((await this.store.holders(hold)) === 0) stale.push(hold);
      }
    }
    if (stale.length === 0) return;
    this.clock.at(this.clock.now() + this.options.graceMs, () => {
      void (async () => {
        for (const hold of stale) {
          if (this.local.has(keyOf(hold)) || (await this.store.holders(hold)) > 0) continue;
          await this.leave(hold, 'lapsed');
        }
      })().catch((err: unknown) => this.log.error('could not reconcile presence', { err }));
    });
  }
}
