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
 *
 * A process that stalls (GC, CPU starvation, SIGSTOP) or loses the store for longer than its lease is
 * claimed while still alive: its members are announced gone. When it comes back, its renewal finds its lease
 * gone; it then takes a new identity, holds every local connection again under it, announces those members
 * `connected` again and has its documents' clients announce their awareness states again (`onRejoined`).
 * The turn a speaker-drop rule ended stays ended.
 */
export class PresenceService implements Reaction, PresenceTracker {
  readonly name = 'presence';
  private ownerId = randomId('p');
  /** Ticks left that check the log still says local members are connected (a claim may race a rejoin). */
  private recheckTicks = 0;
  /** Set from finding the lease claimed until this process has held and announced everything again. */
  private unclaimed: { previous: string } | null = null;
  private readonly rejoinedListeners = new Set<() => void>();
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

  /**
   * This process's id in the presence store. It changes when the process finds its lease was claimed while
   * it was alive (see the class comment): what the old id held was announced gone and is forgotten.
   */
  get owner(): string {
    return this.ownerId;
  }

  async start(): Promise<void> {
    await this.store.register(this.owner, this.clock.now() + this.options.leaseMs);
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

  /**
   * Calls `listener` when this process's lease was claimed while it was alive and it re-announced its
   * members: documents then have their local clients announce their awareness states again, which the
   * claimer announced gone. Returns a function that removes the listener.
   */
  onRejoined(listener: () => void): () => void {
    this.rejoinedListeners.add(listener);
    return () => this.rejoinedListeners.delete(listener);
  }

  /** Calls `listener` with the awareness states of a lapsed process this process claimed. */
  onAwarenessLapsed(listener: (awareness: LapsedProcess['awareness']) => void): () => void {
    this.awarenessLapsed.add(listener);
    return () => this.awarenessLapsed.delete(listener);
  }

  private async enter(hold: MemberHold): Promise<void> {
    await this.store.hold(this.owner, hold);
    await this.announce(hold);
  }

  /**
   * Records the member as `connected` unless the log already says so; `fresh`: read the log from the store
   * first (this process may have missed the claimer's `member.disconnected`).
   */
  private async announce(hold: MemberHold, fresh = false): Promise<void> {
    const state = await (fresh ? this.sessions.current(hold.sessionId) : this.sessions.get(hold.sessionId));
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
      const renewed = await this.store.renew(this.owner, this.clock.now() + this.options.leaseMs);
      if (!renewed || this.unclaimed) {
        await this.rejoin(renewed);
      } else if (this.recheckTicks > 0) {
        // The claimer may have announced a member gone after our rejoin read the log: say it again.
        this.recheckTicks--;
        for (const { hold } of [...this.local.values()]) {
          await this.store.hold(this.owner, hold);
          await this.announce(hold, true);
        }
      }
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
   * Our lease lapsed while we were alive and another process claimed it: it forgot our holds and announced
   * our members (and awareness states) gone, though their connections are still open here. `registered`:
   * the current identity's lease is in place (a retry). Idempotent: after a failure part-way, the next tick
   * does it all again under the same new identity.
   */
  private async rejoin(registered: boolean): Promise<void> {
    if (!this.unclaimed) {
      this.unclaimed = { previous: this.ownerId };
      this.ownerId = randomId('p');
      this.log.warn('presence lease was claimed while this process was alive (stall or outage): rejoining', {
        previous: this.unclaimed.previous,
        owner: this.ownerId,
        members: this.local.size,
      });
    }
    if (!registered) await this.store.register(this.ownerId, this.clock.now() + this.options.leaseMs);
    const { previous } = this.unclaimed;
    this.recheckTicks = 3;
    const holds = [...this.local.values()].map(({ hold }) => hold);
    for (const hold of holds) await this.store.hold(this.ownerId, hold);
    // A connection opened between the claim and now was held under the old id: that is forgotten, not
    // announced (its member is held under the new id above).
    await this.store.retire(previous, this.clock.now());
    for (const hold of holds) if (this.local.has(keyOf(hold))) await this.announce(hold, true);
    this.unclaimed = null;
    for (const listener of this.rejoinedListeners) listener();
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
