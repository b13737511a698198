import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ServerOptions } from 'socket.io';
import type { PalabreError } from '../../../shared/errors.js';
import { SUPPORTED_PROTOCOLS, handshakeSchema, isClientEvent } from '../../../shared/protocol.js';
import type { ClientEvent } from '../../../shared/protocol.js';
import type { SessionEvent } from '../../../shared/session/events.js';
import type { SessionState } from '../../../shared/session/types.js';
import { isPrivateToSome, readableGroup } from '../../../shared/session/chat/project.js';
import type { ChatReader } from '../../../shared/session/chat/project.js';
import { AUDIENCES, audienceOf, projectEvent } from '../../../shared/session/project.js';
import type { Audience } from '../../../shared/session/project.js';
import type { AccessService } from '../../core/access.js';
import type { Clock } from '../../core/clock.js';
import type { PresenceTracker } from '../../core/presence/presenceService.js';
import type { SessionService } from '../../core/sessionService.js';
import { moduleLogger } from '../../log.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { zodMessage } from '../http/errors.js';
import { sessionHandlers } from './handlers/sessionHandlers.js';
import { voiceHandlers } from './handlers/voiceHandlers.js';
import type { SfuGateway } from './handlers/voiceHandlers.js';
import type { IceServer, MediaMode } from '../../../shared/voiceProtocol.js';
import type { Handler } from './defineHandler.js';
import { TokenBucket } from '../../core/tokenBucket.js';
import { arrivalWindowMs, batchPerSession } from './eventBatches.js';
import { encodeSnapshot, palabreParser } from './snapshotEncoding.js';
import type { PalabreServer, PalabreSocket } from './types.js';

export interface SocketServerDeps {
  sessions: SessionService;
  access: AccessService;
  clock: Clock;
  log: Logger;
  maxPayloadBytes: number;
  commandRate: number;
  /** Voice: how media travels, the ICE servers clients use, voice messages per second per socket. */
  voice?: {
    mode: MediaMode;
    iceServers: IceServer[];
    candidates?: 'all' | 'loopback';
    signalRate: number;
    /** SFU mode: the gateway to the media server. */
    sfu?: SfuGateway | undefined;
  };
  transports?: ('polling' | 'websocket')[];
  /** Told of every connection that opens and closes (who is here, across processes). */
  presence: PresenceTracker;
  /** socket.io adapter for several processes (Redis); the in-memory default otherwise. */
  adapter?: ServerOptions['adapter'] | undefined;
  /** Whether this process is stopping: new handshakes are refused, and closes are not departures. */
  lifecycle?: { readonly draining: boolean };
  /** socket.io connections one client address may hold. */
  maxSocketsPerIp?: number;
  /** The client's address behind trusted proxies (TRUST_PROXY); the peer's address by default. */
  clientAddress?: (req: IncomingMessage) => string;
  /**
   * How long arrivals and departures wait to reach each socket as one message (ms, for a session of up to
   * 100 sockets; 0.2 ms per socket in larger ones, at most 2 s; 0: at once). See eventBatches.ts. Default 0.
   */
  eventBatchMs?: number;
  /** Counts commands and refused handshakes (server/metrics.ts). */
  metrics?: Pick<Metrics, 'command' | 'refused'>;
}

/**
 * `events` as `reader` may read them, their group followed through the batch's moves (a message is read as
 * of the group its reader was in when it was posted); with the reader's group after the batch.
 */
export function readerEvents(
  events: readonly SessionEvent[],
  reader: ChatReader,
): { events: SessionEvent[]; groupId: string } {
  let current = reader;
  const projected = events.map((e) => {
    const read = projectEvent(e, 'public', current);
    if (e.type === 'member.moved' && e.data.memberId === current.id)
      current = { ...current, groupId: e.data.groupId };
    return read;
  });
  return { events: projected, groupId: current.groupId };
}

export const rooms = {
  audience: (sessionId: string, audience: Audience) => `s:${sessionId}:${audience}`,
  member: (memberId: string) => `m:${memberId}`,
};

function refusal(error: PalabreError): Error & { data: PalabreError } {
  return Object.assign(new Error(error.message), { data: error });
}

/**
 * The control plane. A socket authenticates in the handshake (invite → a new member; resume → the same
 * member), then gets `welcome`, a `snapshot` of what its role may see, and every later event. Each process
 * pushes the events it learns from the store to its own sockets (`io.local`), so the same path serves one
 * process or many.
 */
export function createSocketServer(httpServer: HttpServer, deps: SocketServerDeps): PalabreServer {
  const { sessions, access, clock, log } = deps;
  const voice = deps.voice ?? { mode: 'embedded' as const, iceServers: [], signalRate: 50 };
  const voiceRate = voice.signalRate;
  const io: PalabreServer = new Server(httpServer, {
    // Deliberate: commands are small; anything larger is refused by the transport before parsing.
    maxHttpBufferSize: deps.maxPayloadBytes,
    serveClient: false,
    // Upgrades for /yjs/ belong to the document server (transport/yws); engine.io must not end them.
    destroyUpgrade: false,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    // The stock parser, except that a snapshot encoded ahead (snapshotEncoding.ts) is written as is.
    parser: palabreParser,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
    ...(deps.transports ? { transports: deps.transports } : {}),
  });

  io.engine.on('connection', (raw: { on(event: 'error', fn: (err: Error) => void): void }) => {
    // An unhandled 'error' event on a raw socket would crash the process.
    raw.on('error', (err) => log.debug('engine socket error', { err }));
  });
  io.engine.on('connection_error', (err: { code: number; message: string }) => {
    log.debug('engine connection refused', { code: err.code, message: err.message });
  });

  // Connections per client address, counted from the handshake until the socket closes.
  const perIp = new Map<string, number>();
  const release = (ip: string) => {
    const left = (perIp.get(ip) ?? 1) - 1;
    if (left > 0) perIp.set(ip, left);
    else perIp.delete(ip);
  };

  io.use(async (socket, proceed) => {
    if (deps.lifecycle?.draining) {
      // The SDK retries `unavailable` (and fails over to its next URL); a load balancer sends it elsewhere.
      return proceed(refusal({ code: 'unavailable', message: 'this server is restarting; retry' }));
    }
    const ip = deps.clientAddress?.(socket.request) ?? socket.handshake.address;
    if ((perIp.get(ip) ?? 0) >= (deps.maxSocketsPerIp ?? Infinity)) {
      log.info('socket refused', { code: 'limit_exceeded', ip });
      deps.metrics?.refused('socket', 'limit_exceeded');
      return proceed(refusal({ code: 'limit_exceeded', message: 'too many connections from this address' }));
    }
    perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
    let counted = true;
    const uncount = () => {
      if (counted) release(ip);
      counted = false;
    };
    // Counted until the socket closes; a refused handshake (the client may retry on the same transport)
    // or a transport that closes before the answer gives its place back at once.
    socket.conn.once('close', uncount);
    const next = (err?: Error) => {
      if (err) uncount();
      else socket.once('disconnect', uncount);
      proceed(err);
    };
    socket.data.ip = ip;
    try {
      const auth = handshakeSchema.safeParse(socket.handshake.auth);
      if (!auth.success) {
        log.info('socket refused', { code: 'unauthenticated', ip });
        deps.metrics?.refused('socket', 'unauthenticated');
        return next(refusal({ code: 'unauthenticated', message: zodMessage(auth.error) }));
      }
      const protocol = auth.data.protocol ?? 1;
      if (!SUPPORTED_PROTOCOLS.includes(protocol)) {
        log.info('socket refused', { code: 'unsupported_protocol', protocol, ip });
        deps.metrics?.refused('socket', 'unsupported_protocol');
        return next(
          refusal({
            code: 'unsupported_protocol',
            message: `this client speaks protocol ${protocol}; this server speaks ${SUPPORTED_PROTOCOLS.join(', ')}: update the client or the server`,
          }),
        );
      }
      const { protocol: _protocol, ...credentials } = auth.data;
      const entered = await access.enter(credentials);
      if (!entered.ok) {
        log.info('socket refused', { code: entered.error.code, ip });
        deps.metrics?.refused('socket', entered.error.code);
        return next(refusal(entered.error));
      }
      const { state, member } = entered;
      socket.data.sessionId = state.id;
      socket.data.memberId = member.id;
      socket.data.role = member.role;
      socket.data.groupId = member.groupId;
      socket.data.bucket = new TokenBucket(deps.commandRate, deps.commandRate * 3, clock.now());
      socket.data.strikes = 0;
      // Bursts of 10×: a speaker opening connections to a few dozen listeners sends an offer and a few
      // candidates to each at once.
      socket.data.voiceBucket = new TokenBucket(voiceRate, voiceRate * 10, clock.now());
      next();
    } catch (err) {
      log.error('handshake failed', { err });
      next(refusal({ code: 'unavailable', message: 'the server could not check this token; retry' }));
    }
  });

  const handlers: Record<ClientEvent, Handler> = {
    ...sessionHandlers({ sessions, clock, log, metrics: deps.metrics }),
    ...voiceHandlers({
      io,
      sessions,
      clock,
      log,
      mediaMode: voice.mode,
      sfu: voice.sfu,
      memberRoom: rooms.member,
    }),
  };

  io.on('connection', (socket: PalabreSocket) => {
    const { sessionId, memberId, role } = socket.data;
    const socketLog = moduleLogger(log, 'socket.io', { sessionId, memberId, socketId: socket.id });
    socket.data.log = socketLog;
    socketLog.debug('socket connected', { role, ip: socket.data.ip });
    socket.conn.on('error', (err: Error) => socketLog.debug('socket error', { err }));
    deps.presence.opened(sessionId, memberId);
    socket.on('disconnect', (reason) => {
      socketLog.info('socket closed', { reason, draining: deps.lifecycle?.draining ?? false });
      voice.sfu?.socketClosed(socket.id);
      // A stopping process closes every socket: its members are moving to another process, not leaving
      // (presence hands its holds over through its lease, see PresenceService.stop).
      if (deps.lifecycle?.draining) return;
      deps.presence.closed(sessionId, memberId);
    });
    // One dispatcher for every event a client sends: the handlers parse their own payloads (zod), so
    // nothing needs the typed `socket.on` signature; anything else is answered `unknown_command`.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (isClientEvent(event)) {
        // Answers come after the events they caused: what waits for this session goes out first, so a
        // client's state holds its command's effect when the ack arrives (as without batching).
        const ack = args[args.length - 1];
        if (typeof ack === 'function') {
          args[args.length - 1] = (result: unknown) => {
            batches.flush(sessionId);
            (ack as (result: unknown) => void)(result);
          };
        }
        return handlers[event](socket, args);
      }
      const ack = args[args.length - 1];
      if (typeof ack === 'function') {
        ack({ ok: false, error: { code: 'unknown_command', message: `unknown event ${String(event)}` } });
      }
    });

    void (async () => {
      // Join the rooms first, then snapshot: an event in between arrives with a version the client skips.
      await socket.join([rooms.audience(sessionId, audienceOf(role)), rooms.member(memberId)]);
      const state = await sessions.get(sessionId);
      if (!state || socket.disconnected) return;
      const resume = access.resume(sessionId, memberId);
      socket.emit('welcome', {
        sessionId,
        memberId,
        role,
        resumeToken: resume.token,
        resumeExpiresAt: resume.expiresAt,
        serverTime: clock.now(),
        voice: { mode: voice.mode, iceServers: voice.iceServers, candidates: voice.candidates ?? 'all' },
      });
      emitSnapshot(socket, state);
    })().catch((err: unknown) => {
      log.error('could not welcome a socket', { err });
      socket.disconnect(true);
    });
  });

  /**
   * The public room's share of a batch holding chat messages or moves: a message reads differently for its
   * group than for the others (and, privately, for its author), so each socket gets the events as its reader
   * may read them — the group it is in at each event, followed through the batch's moves. Sockets that read
   * alike (same readable group, no private message of theirs, not moved) share one projection and one
   * message; all of it synchronously, so batches keep their order. A participant moved to another group then
   * gets a fresh snapshot: the new group's earlier messages were never sent to them.
   */
  function fanOutPerReader(sessionId: string, room: string, events: SessionEvent[]): void {
    const authors = new Set<string>();
    const moved = new Set<string>();
    for (const e of events) {
      if (e.type === 'chat.posted' && !('redacted' in e.data) && e.data.channel === 'facilitators') {
        authors.add(e.data.authorId);
        if (e.data.to !== undefined) authors.add(e.data.to);
      }
      if (e.type === 'member.moved') moved.add(e.data.memberId);
    }
    const alike = new Map<string, { socketIds: string[]; events: SessionEvent[] }>();
    const resnapshot: PalabreSocket[] = [];
    for (const socketId of io.of('/').adapter.rooms.get(room) ?? []) {
      const socket = io.of('/').sockets.get(socketId);
      if (!socket) continue;
      const { memberId, role } = socket.data;
      const reader: ChatReader = { id: memberId, role, groupId: socket.data.groupId };
      if (authors.has(memberId) || moved.has(memberId)) {
        const projected = readerEvents(events, reader);
        socket.data.groupId = projected.groupId;
        socket.emit('events', { sessionId, events: projected.events });
        if (role === 'participant' && projected.groupId !== reader.groupId) resnapshot.push(socket);
        continue;
      }
      const key = readableGroup(reader);
      let entry = alike.get(key);
      if (!entry) {
        entry = { socketIds: [], events: readerEvents(events, reader).events };
        alike.set(key, entry);
      }
      entry.socketIds.push(socketId);
    }
    for (const { socketIds, events: projected } of alike.values()) {
      io.local.to(socketIds).emit('events', { sessionId, events: projected });
    }
    for (const socket of resnapshot) sendSnapshot(socket);
  }

  /**
   * `{ state }` to one socket as its role may see it, encoded as JSON once, each member's record text reused
   * from earlier snapshots (what the client receives is the same `{ state }`). From here on the events fanned
   * out to this socket follow the member's group in that state (see readerEvents).
   */
  function emitSnapshot(socket: PalabreSocket, state: SessionState): void {
    const { memberId, role } = socket.data;
    socket.data.groupId = state.members[memberId]?.groupId ?? socket.data.groupId;
    const snapshot = encodeSnapshot(state, audienceOf(role), memberId);
    socket.emit('snapshot', snapshot as unknown as { state: SessionState });
  }

  /** A fresh snapshot to one socket (its state reset), from the cached state when there is one. */
  function sendSnapshot(socket: PalabreSocket): void {
    const { sessionId, memberId } = socket.data;
    const emit = (state: SessionState | undefined) => {
      if (!state || socket.disconnected) return;
      emitSnapshot(socket, state);
    };
    const cached = sessions.peek(sessionId);
    if (cached) return emit(cached);
    sessions.get(sessionId).then(emit, (err: unknown) => {
      log.warn('could not send a moved member a snapshot', { err, sessionId, memberId });
      socket.disconnect(true);
    });
  }

  const batches = batchPerSession(
    (sessionId: string, events: SessionEvent[]) => {
      for (const audience of AUDIENCES) {
        const room = rooms.audience(sessionId, audience);
        if (audience === 'public' && events.some((e) => isPrivateToSome(e) || e.type === 'member.moved')) {
          fanOutPerReader(sessionId, room, events);
          continue;
        }
        io.local.to(room).emit('events', { sessionId, events: events.map((e) => projectEvent(e, audience)) });
      }
      for (const event of events) {
        if (event.type === 'member.removed') {
          const room = io.local.in(rooms.member(event.data.memberId));
          room.emit('notice', { code: 'removed', message: 'a facilitator removed you from this session' });
          room.disconnectSockets(true);
        }
      }
    },
    {
      windowMs: (sessionId) => {
        const sockets = AUDIENCES.reduce(
          (n, audience) => n + (io.of('/').adapter.rooms.get(rooms.audience(sessionId, audience))?.size ?? 0),
          0,
        );
        return arrivalWindowMs(deps.eventBatchMs ?? 0, sockets);
      },
    },
  );
  const stopListening = sessions.onEvents((sessionId, events) => batches.add(sessionId, events));
  // A deleted session (on any process): its sockets here are told and closed; their tokens open nothing now.
  const stopDeleted = sessions.onDeleted((sessionId) => {
    batches.flush(sessionId);
    for (const audience of AUDIENCES) {
      const room = io.local.in(rooms.audience(sessionId, audience));
      room.emit('notice', { code: 'session_ended', message: 'this session was deleted' });
      room.disconnectSockets(true);
    }
  });
  io.engine.on('close', () => {
    stopListening();
    batches.close();
    stopDeleted();
  });

  return io;
}
