import { createHash } from 'node:crypto';
import type { SfuAck } from '../../../shared/protocol.js';
import type { SessionState } from '../../../shared/session/types.js';
import { mayBeHeard, roomOf } from '../../../shared/session/voice/audible.js';
import type { SfuRequest } from '../../../shared/voiceProtocol.js';
import type { Logger } from '../../log.js';
import type { MediaParticipant, MediaServer } from '../../ports/mediaServer.js';
import type { SessionService } from '../sessionService.js';

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
  /** Asks a socket's client to offer again (it was moved to another group's room). */
  renegotiate: (socketId: string, reason: 'moved') => void;
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
  private stopListening: (() => void) | undefined;

  constructor(private readonly deps: SfuVoiceDeps) {}

  start(): void {
    this.stopListening = this.deps.sessions.onEvents((sessionId, _events, state) =>
      this.follow(sessionId, state),
    );
  }

  async stop(): Promise<void> {
    this.stopListening?.();
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
    // The state may have moved while the media server answered.
    const now = this.deps.sessions.peek(socket.sessionId);
    if (now) this.follow(socket.sessionId, now);
    return { ok: true, sdp: participant.answerSdp };
  }

  /** A socket closed: its participant leaves the room. */
  socketClosed(socketId: string): void {
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
      peer.queue = peer.queue
        .then(() => peer.participant.setMuted(muted))
        .catch((err: unknown) =>
          this.deps.log.warn('could not mute or unmute on the media server', { err, muted }),
        );
    }
  }

  private async leave(socketId: string): Promise<void> {
    const peer = this.peers.get(socketId);
    if (!peer) return;
    this.peers.delete(socketId);
    await peer.queue;
    await peer.participant.leave().catch(() => undefined);
  }
}
