import type { IceCandidate } from '../../shared/voiceProtocol.js';

/**
 * A media server that mixes or forwards the audio of a room (SFU mode, docs/voice.md). Palabre tells it who
 * joins which room and who is muted; browsers never talk to it except through WebRTC media. Adapter:
 * adapters/janus/janusAudioBridge.ts (Janus AudioBridge through janode).
 */
export interface MediaServer {
  /**
   * Joins `room` (created if missing) with a browser's SDP offer and answers with the server's SDP. `muted`:
   * the participant's audio is left out of the room's mix until `setMuted(false)`. `label` is what the
   * media server's own logs show (a member id: never a name).
   */
  join(room: number, options: { muted: boolean; label: string }, offerSdp: string): Promise<MediaParticipant>;
  /**
   * Connects now rather than at the first join, so that an operator learns at start-up that the media server
   * cannot be reached. Rejects with the cause (the first join retries the connection anyway).
   */
  probe(): Promise<void>;
  /** Drops every participant and the connection to the media server. */
  close(): Promise<void>;
  /**
   * Calls `listener` when the connection to the media server is lost (not on `close`): every participant
   * joined through it is gone, and the next `probe` or `join` connects again. Returns the unsubscriber.
   */
  onDisconnected(listener: (err: unknown) => void): () => void;
}

export interface MediaParticipant {
  /** The media server's SDP answer to the offer that joined. */
  answerSdp: string;
  /** Mutes or unmutes the participant in the room's mix; rejects when the media server refused or is gone. */
  setMuted(muted: boolean): Promise<void>;
  /** A browser's ICE candidate (null: gathering is over). */
  trickle(candidate: IceCandidate | null): Promise<void>;
  /** Leaves the room and frees everything the participant held on the media server. */
  leave(): Promise<void>;
}
