import { createHash } from 'node:crypto';
import type { SfuAck } from '../../../shared/protocol.js';
import type { SessionState } from '../../../shared/session/types.js';
import { mayBeHeard, roomOf } from '../../../shared/session/voice/audible.js';
import type { SfuRequest } from '../../../shared/voiceProtocol.js';
import type { Logger } from '../../log.js';
import type { MediaParticipant, MediaServer } from '../../ports/mediaServer.js';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { SessionService } from '../sessionService.js';

/**
 * Waits before each new attempt at a mute or unmute the media server refused (ms): three retries, ~0.85 s in
 * all, after which a member who may no longer be heard is taken out of the room (fail closed).
 */
export const MUTE_RETRY_DELAYS_MS: readonly number[] = [100, 250, 500];
/** A mute or unmute the media server has not answered within this time counts as failed (ms). */
export const MUTE_TIMEOUT_MS = 2000;
/** Waits between attempts to reach the media server again after its connection was lost (ms, the last repeats). */
export const RECONNECT_DELAYS_MS: readonly number[] = [500, 1000, 2000, 5000, 10_000];

/** One browser connection in a media room, held by this process. */
interface Peer {
  sessionId: string;
  memberId: string;
  groupId: string;
  participant: MediaParticipant;
  /** What the media server was last told. */
  muted: boolean;
  /** Changes to this peer, one at a time, in order. */
  queue: Promise<void>;
}

export interface SfuVoiceDeps {
  sessions: SessionService;
  media: MediaServer;
  log: Logger;
  /**
   * Asks a socket's client to offer again: `moved`, it was moved to another group's room; `restarted`, its
   * place in the room was dropped (a mute the media server kept refusing, or the connection to it lost).
   */
  renegotiate: (socketId: string, reason: 'moved' | 'restarted') => void;
  /** Times the retries (the system clock by default). */
  clock?: Clock;
}

/**
 * The room number of a group on the media server: the same on every Palabre process (so members connected
 * to different processes share one mix), and different for every (session, group). 48 bits of sha256:
 * below 2^53, so JSON carries it exactly; collisions are negligible below millions of groups.
 */
export function mediaRoomOf(sessionId: string, groupId: string): number {
  const digest = createHash('sha256').update(`${sessionId}/${groupId}`).digest();
  return digest.readUIntBE(0, 6) || 1;
}

/**
 * SFU mode: each browser joins its group's room on the media server through this process (`voice.sfu`),
 * which holds its participant there and mutes or unmutes it whenever the session state changes (the floor
 * moves, a facilitator's microphone, an open discussion). Enforcement is the media server's mix: a muted
 * participant is left out of what everyone hears, whatever their browser sends. A member moved to another
 * group is asked to offer again and joins that group's room.
 */
export class SfuVoice {
  private readonly peers = new Map<string, Peer>();
  /** Sockets whose peer the lost connection dropped: asked to offer again once the media server answers. */
  private readonly dropped = new Set<string>();
  private reconnecting = false;
  /** Ends the waits of the retries (before their next attempt, or for an answer): `stop` calls them all. */
  private readonly sleeping = new Set<() => void>();
  private stopped = false;
  private readonly clock: Clock;
  private readonly stopListening: (() => void)[] = [];

  constructor(private readonly deps: SfuVoiceDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  start(): void {
    this.stopListening.push(
      this.deps.sessions.onEvents((sessionId, _events, state) => this.follow(sessionId, state)),
      this.deps.media.onDisconnected((err) => this.connectionLost(err)),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.stopListening.splice(0)) off();
    this.dropped.clear();
    for (const wake of [...this.sleeping]) wake();
    const peers = [...this.peers.keys()];
    await Promise.all(peers.map((socketId) => this.leave(socketId)));
    await this.deps.media.close();
  }

  /** Handles a socket's `voice.sfu` request. */
  async request(
    socket: { id: string; sessionId: string; memberId: string },
    request: SfuRequest,
  ): Promise<SfuAck> {
    if (request.kind === 'leave') {
      await this.leave(socket.id);
      return { ok: true };
    }
    if (request.kind === 'candidate') {
      const peer = this.peers.get(socket.id);
      if (!peer) return { ok: false, error: { code: 'invalid_state', message: 'offer first' } };
      await peer.participant.trickle(request.candidate);
      return { ok: true };
    }
    const state = await this.deps.sessions.get(socket.sessionId);
    const groupId = state ? roomOf(state, socket.memberId) : null;
    if (!state || !groupId)
      return { ok: false, error: { code: 'not_member', message: 'you are not in this session' } };
    if (state.status === 'ended')
      return { ok: false, error: { code: 'session_ended', message: 'this session has ended' } };
    await this.leave(socket.id);
    const muted = !mayBeHeard(state, socket.memberId);
    let participant: MediaParticipant;
    try {
      participant = await this.deps.media.join(
        mediaRoomOf(socket.sessionId, groupId),
        { muted, label: socket.memberId },
        request.sdp,
      );
    } catch (err) {
      this.deps.log.warn('media server refused a join', {
        err,
        sessionId: socket.sessionId,
        memberId: socket.memberId,
      });
      return {
        ok: false,
        error: { code: 'unavailable', message: 'the media server is unavailable; try again' },
      };
    }
    const peer: Peer = { ...socket, groupId, participant, muted, queue: Promise.resolve() };
    this.peers.set(socket.id, peer);
    this.dropped.delete(socket.id);
    // The state may have moved while the media server answered.
    const now = this.deps.sessions.peek(socket.sessionId);
    if (now) this.follow(socket.sessionId, now);
    return { ok: true, sdp: participant.answerSdp };
  }

  /** A socket closed: its participant leaves the room. */
  socketClosed(socketId: string): void {
    this.dropped.delete(socketId);
    void this.leave(socketId);
  }

  /** Who is muted, per socket held here (tests and metrics). */
  mutedBySocket(): Record<string, boolean> {
    return Object.fromEntries([...this.peers].map(([id, p]) => [id, p.muted]));
  }

  private follow(sessionId: string, state: SessionState): void {
    for (const [socketId, peer] of this.peers) {
      if (peer.sessionId !== sessionId) continue;
      const groupId = roomOf(state, peer.memberId);
      if (groupId !== peer.groupId || state.status === 'ended') {
        void this.leave(socketId);
        if (groupId && state.status !== 'ended') this.deps.renegotiate(socketId, 'moved');
        continue;
      }
      const muted = !mayBeHeard(state, peer.memberId);
      if (muted === peer.muted) continue;
      peer.muted = muted;
      peer.queue = peer.queue.then(() => this.applyMute(socketId, peer, muted));
    }
  }

  /**
   * Tells the media server to mute or unmute a peer, again after a short backoff when it refuses or does not
   * answer. A mute that still fails fails closed: the peer leaves the room (nothing it sends is mixed any
   * more) and its client is asked to offer again, joining muted. An unmute that still fails is reported;
   * the member stays muted, which is safe.
   */
  private async applyMute(socketId: string, peer: Peer, muted: boolean): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      // Left meanwhile, or a later change (queued behind this one) supersedes it.
      if (this.stopped || this.peers.get(socketId) !== peer || peer.muted !== muted) return;
      try {
        await this.withTimeout(peer.participant.setMuted(muted), MUTE_TIMEOUT_MS);
        return;
      } catch (err) {
        const delay = MUTE_RETRY_DELAYS_MS[attempt];
        const fields = { err, muted, sessionId: peer.sessionId, memberId: peer.memberId, attempt };
        if (delay !== undefined) {
          this.deps.log.warn('media server refused a mute or unmute; retrying', fields);
          await this.sleep(delay);
          continue;
        }
        if (this.peers.get(socketId) !== peer || peer.muted !== muted) return;
        if (!muted) {
          this.deps.log.error('could not unmute on the media server; the member stays muted', fields);
          return;
        }
        // Fail closed: whoever may no longer be heard must not stay in the mix.
        this.deps.log.error('could not mute on the media server; removing the member from the room', fields);
        this.peers.delete(socketId);
        await peer.participant
          .leave()
          .catch((e: unknown) =>
            this.deps.log.error('could not remove a member from the media room', { ...fields, err: e }),
          );
        if (!this.stopped) this.deps.renegotiate(socketId, 'restarted');
        return;
      }
    }
  }

  /**
   * The connection to the media server is lost: every participant it held went with it, so every peer is
   * dropped here (a later mute could not reach it anyway), and each of their sockets is asked to offer again
   * once the media server answers. Until then, joins answer `unavailable`.
   */
  private connectionLost(err: unknown): void {
    if (this.stopped) return;
    const peers = [...this.peers];
    this.peers.clear();
    for (const [socketId, peer] of peers) {
      this.dropped.add(socketId);
      void peer.participant.leave().catch(() => undefined);
    }
    this.deps.log.warn('media server connection lost: voice unavailable until it answers again', {
      err,
      dropped: peers.length,
    });
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    try {
      for (let attempt = 0; !this.stopped; attempt++) {
        try {
          await this.deps.media.probe();
        } catch (err) {
          const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]!;
          if (attempt === 0) this.deps.log.warn('media server still unreachable; trying again', { err });
          await this.sleep(delay);
          continue;
        }
        const sockets = [...this.dropped];
        this.dropped.clear();
        this.deps.log.info('media server reachable again: asking its voice clients to offer again', {
          sockets: sockets.length,
        });
        for (const socketId of sockets) this.deps.renegotiate(socketId, 'restarted');
        return;
      }
    } finally {
      this.reconnecting = false;
    }
  }

  /** Waits `ms`, or less: `stop` ends every wait at once (so that it does not wait for retries). */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.sleeping.delete(wake);
        timer.cancel();
        resolve();
      };
      const timer = this.clock.at(this.clock.now() + ms, wake);
      this.sleeping.add(wake);
    });
  }

  /** `promise`, or a rejection once `ms` have passed without an answer (or at once on `stop`). */
  private withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const expire = () => {
        this.sleeping.delete(expire);
        timer.cancel();
        reject(new Error(`the media server did not answer within ${ms} ms`));
      };
      const timer = this.clock.at(this.clock.now() + ms, expire);
      this.sleeping.add(expire);
      const settle = () => {
        this.sleeping.delete(expire);
        timer.cancel();
      };
      promise.then(
        (value) => {
          settle();
          resolve(value);
        },
        (err: unknown) => {
          settle();
          reject(err as Error);
        },
      );
    });
  }

  private async leave(socketId: string): Promise<void> {
    const peer = this.peers.get(socketId);
    if (!peer) return;
    this.peers.delete(socketId);
    await peer.queue;
    await peer.participant.leave().catch(() => undefined);
  }
}
