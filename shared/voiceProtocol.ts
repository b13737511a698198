import { z } from 'zod';
import { idSchema } from './session/schemas.js';

/**
 * The voice part of the socket.io contract: how browsers set up their audio (embedded mode: browser to
 * browser; SFU mode: through the media server the Palabre server drives). Media never passes through Node:
 * these messages only carry session descriptions (SDP) and ICE candidates.
 */

/** Limits of voice messages, so that the schemas and the docs agree. */
export const VOICE_LIMITS = {
  /** Largest SDP: an audio (+ video) offer is 2–6 KiB; 16 KiB leaves room for many codecs and candidates. */
  sdpMax: 16 * 1024,
  /** Largest ICE candidate line (a few hundred bytes in practice). */
  candidateMax: 1024,
} as const;

/** How media travels: browser to browser (the default), or through an SFU (Janus) driven by the server. */
export const MEDIA_MODES = ['embedded', 'sfu'] as const;
export type MediaMode = (typeof MEDIA_MODES)[number];

/** An ICE server as RTCPeerConnection takes it (STUN, or TURN with credentials: coturn). */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** What a client needs to set up its audio, sent in `welcome`. */
export interface VoiceConfig {
  mode: MediaMode;
  iceServers: IceServer[];
  /**
   * Which ICE candidates clients use: `all`, or `loopback` (127.0.0.1 and ::1 only: tests and one-machine
   * demos, so that media never leaves the machine).
   */
  candidates?: 'all' | 'loopback';
}

const sdp = z.string().min(1).max(VOICE_LIMITS.sdpMax);
const connection = idSchema;
export const iceCandidateSchema = z
  .object({
    candidate: z.string().max(VOICE_LIMITS.candidateMax),
    sdpMid: z.string().max(64).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
    usernameFragment: z.string().max(256).nullable().optional(),
  })
  .strict();
export type IceCandidate = z.infer<typeof iceCandidateSchema>;

/**
 * A signalling message from one member to another (embedded mode). A listener asks each member its group
 * may hear for their voice (`ready`: also after a reload or a failed connection); that member offers a
 * send-only connection (`offer`); the listener `answer`s; both trickle `candidate`s (null: gathering is
 * over); either ends the connection with `bye`. `connection` names one peer connection (chosen by the
 * offerer), so that a new offer after a floor change is never confused with an old one.
 */
export const voiceSignalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready'), to: idSchema }).strict(),
  z.object({ kind: z.literal('offer'), to: idSchema, connection, sdp }).strict(),
  z.object({ kind: z.literal('answer'), to: idSchema, connection, sdp }).strict(),
  z
    .object({
      kind: z.literal('candidate'),
      to: idSchema,
      connection,
      candidate: iceCandidateSchema.nullable(),
    })
    .strict(),
  z.object({ kind: z.literal('bye'), to: idSchema, connection }).strict(),
]);
export type VoiceSignal = z.infer<typeof voiceSignalSchema>;
export type SignalKind = VoiceSignal['kind'];

/** A signalling message as its recipient gets it: `from` instead of `to`. */
export type RelayedSignal = VoiceSignal extends infer S
  ? S extends { to: string }
    ? Omit<S, 'to'> & { from: string }
    : never
  : never;

/**
 * SFU mode: the client offers one peer connection to the server's media room (its group's). `offer` joins
 * (or rejoins, after a move) with the browser's SDP and is answered with the SFU's; `candidate` trickles;
 * `leave` hangs up. The server decides the room and whether the member may be heard; the client decides
 * nothing.
 */
export const sfuRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offer'), sdp }).strict(),
  z.object({ kind: z.literal('candidate'), candidate: iceCandidateSchema.nullable() }).strict(),
  z.object({ kind: z.literal('leave') }).strict(),
]);
export type SfuRequest = z.infer<typeof sfuRequestSchema>;
