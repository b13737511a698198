import { z } from 'zod';
import type { PalabreError } from './errors.js';
import type { Command } from './session/commands.js';
import type { SessionEvent } from './session/events.js';
import { attributesSchema } from './session/members/schemas.js';
import { nameSchema } from './session/schemas.js';
import type { Role, SessionState } from './session/types.js';
import type { RelayedSignal, SfuRequest, VoiceConfig, VoiceSignal } from './voiceProtocol.js';

/**
 * The socket.io contract between clients and the server: handshake, server pushes and client requests
 * with their acks. Used as the type parameters of socket.io's `Server<…>` and of the client's `io()`.
 */

export { PROTOCOL_VERSION, SUPPORTED_PROTOCOLS } from './protocolVersion.js';
export * from './voiceProtocol.js';

const protocolField = z.number().int().min(1).max(1000).optional();

/** Sent in `io(url, { auth })`: an invite token and a display name, or a resume token from `welcome`. */
export const handshakeSchema = z.union([
  z.object({ resume: z.string().min(1).max(2048), protocol: protocolField }).strict(),
  z
    .object({
      token: z.string().min(1).max(2048),
      name: nameSchema,
      attributes: attributesSchema.optional(),
      protocol: protocolField,
    })
    .strict(),
]);
export type Handshake = z.infer<typeof handshakeSchema>;

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: PalabreError };

export interface Welcome {
  sessionId: string;
  memberId: string;
  role: Role;
  /** Present this in the next handshake (`auth: { resume }`) to come back as the same member. */
  resumeToken: string;
  resumeExpiresAt: number;
  serverTime: number;
  /** How this server carries voice (absent from servers older than voice). */
  voice?: VoiceConfig;
}

export interface EventBatch {
  sessionId: string;
  /** Consecutive events; the first one's `v` follows the client's version, or the client must resync. */
  events: SessionEvent[];
}

export interface Snapshot {
  state: SessionState;
}

export interface Notice {
  code: 'removed' | 'session_ended' | 'announcement';
  message: string;
}

export const syncRequestSchema = z.object({ after: z.number().int().min(0) }).strict();
export type SyncRequest = z.infer<typeof syncRequestSchema>;
export type SyncAck = Ack<{ events: SessionEvent[] } | { state: SessionState }>;

export type CommandAck = Ack<{ version: number }>;
export type SignalAck = Ack;
/** SFU mode: an `offer` is answered with the media server's SDP; other requests with `{ ok: true }`. */
export type SfuAck = Ack<{ sdp?: string }>;
export type TimeAck = Ack<{ now: number }>;

export interface ServerToClientEvents {
  welcome: (welcome: Welcome) => void;
  snapshot: (snapshot: Snapshot) => void;
  events: (batch: EventBatch) => void;
  notice: (notice: Notice) => void;
  /** Embedded mode: a signalling message another member of the group sent to this member. */
  'voice.signal': (signal: RelayedSignal) => void;
  /**
   * SFU mode: the server asks this client to offer again: `moved` (its room changed), `restarted` (its place
   * in the room was dropped: a mute the media server kept refusing, or the connection to it lost and back).
   */
  'voice.renegotiate': (request: { reason: 'moved' | 'restarted' }) => void;
}

export interface ClientToServerEvents {
  command: (command: Command, ack: (result: CommandAck) => void) => void;
  sync: (request: SyncRequest, ack: (result: SyncAck) => void) => void;
  /** A ping that returns server time, to measure the clock offset. */
  time: (ack: (result: TimeAck) => void) => void;
  /** Embedded mode: relays a signalling message to another member of one's group (refused out of turn). */
  'voice.signal': (signal: VoiceSignal, ack: (result: SignalAck) => void) => void;
  /** SFU mode: joins, trickles to or leaves one's group's media room. */
  'voice.sfu': (request: SfuRequest, ack: (result: SfuAck) => void) => void;
}

/** Every event a client may send, checked against ClientToServerEvents by the type tests. */
export const CLIENT_EVENTS = [
  'command',
  'sync',
  'time',
  'voice.signal',
  'voice.sfu',
] as const satisfies readonly (keyof ClientToServerEvents)[];
export type ClientEvent = (typeof CLIENT_EVENTS)[number];

export function isClientEvent(event: unknown): event is ClientEvent {
  return typeof event === 'string' && (CLIENT_EVENTS as readonly string[]).includes(event);
}

/** Size of the largest socket.io message the server accepts, unless configured otherwise. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
