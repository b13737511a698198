import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol.js';
import type { Role } from '../../../shared/session/types.js';
import type { TokenBucket } from '../../core/tokenBucket.js';
import type { Logger } from '../../log.js';

export interface SocketData {
  sessionId: string;
  memberId: string;
  role: Role;
  /**
   * The member's group as this socket's events have told it (from its snapshot on, then each `member.moved`
   * fanned out): which group's chat it reads (see chat/project.ts and socketServer.ts).
   */
  groupId: string;
  bucket: TokenBucket;
  /** Paces voice messages (signalling, SFU requests): VOICE_SIGNAL_RATE. */
  voiceBucket: TokenBucket;
  /** Commands refused by the rate limit in a row; past a threshold the socket is cut. */
  strikes: number;
  /** The client's address (behind trusted proxies). */
  ip?: string;
  /** This socket's logger (session, member and socket ids on every line). */
  log?: Logger;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type InterServerEvents = {};
export type PalabreServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type PalabreSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
