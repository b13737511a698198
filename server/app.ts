import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createBackend } from './backend.js';
import type { Config } from './config.js';
import { AccessService } from './core/access.js';
import { systemClock } from './core/clock.js';
import type { Clock } from './core/clock.js';
import { DocumentService } from './core/documents/documentService.js';
import { VersionReader } from './core/documents/versionReader.js';
import type { SessionCatalog } from './ports/sessionCatalog.js';
import { PresenceService } from './core/presence/presenceService.js';
import { createReactions, startReactions, stopReactions } from './core/reactions/index.js';
import type { Reaction } from './core/reactions/index.js';
import { PersonalDataEventStore } from './core/personalDataEventStore.js';
import { PrivacyService } from './core/privacy.js';
import { ReportService } from './core/report/reports.js';
import { SessionService } from './core/sessionService.js';
import { TokenService } from './core/tokens.js';
import { Lifecycle, pause } from './lifecycle.js';
import { countingLogger, createMetrics, metricsOff, timedClock, timedStore } from './metrics.js';
import type { Metrics } from './metrics.js';
import { createLogger, moduleLogger } from './log.js';
import type { Logger } from './log.js';
import type { BallotBox } from './ports/ballotBox.js';
import type { DocumentStore } from './ports/documentStore.js';
import type { EventStore } from './ports/eventStore.js';
import { clientAddress, compileTrustProxy } from './transport/clientAddress.js';
import { createHttpApp } from './transport/http/httpApp.js';
import { metricsApp } from './transport/http/metricsRoute.js';
import { createSocketServer } from './transport/socketio/socketServer.js';
import { JanusAudioBridge } from './adapters/janus/janusAudioBridge.js';
import { EmbeddedGroupSize } from './core/voice/embeddedGroupSize.js';
import { SfuVoice } from './core/voice/sfuVoice.js';
import { attachDocumentSockets } from './transport/yws/documentSocketServer.js';
import type { PalabreServer } from './transport/socketio/types.js';

/** How long a stopping server waits for peers to answer its close frames before cutting them (ms). */
const CLOSE_GRACE_MS = 2_000;
export interface Palabre {
  config: Config;
  http: HttpServer;
  io: PalabreServer;
  sessions: SessionService;
  access: AccessService;
  /** Where secret ballots are kept, outside the log. */
  ballotBox: BallotBox;
  documents: DocumentService;
  /** Deleting sessions and erasing members (docs/privacy.md). */
  privacy: PrivacyService;
  /** Everything the server does by itself, in start order (see core/reactions/index.ts). */
  reactions: readonly Reaction[];
  log: Logger;
  /** What /metrics serves (prom-client registry inside). */
  metrics: Metrics;
  /** Whether this process is stopping (see lifecycle.ts); `close()` begins the drain. */
  lifecycle: Lifecycle;
  /** Starts listening; resolves with the bound URL (port 0 picks a free port). */
  listen(): Promise<string>;
  /**
   * A graceful stop: readiness 503, SHUTDOWN_DELAY_MS of serving on, no new connections, documents written,
   * clients closed with codes after which they reconnect (elsewhere), then the stores. The caller bounds it
   * in time (server/main.ts: SHUTDOWN_TIMEOUT_MS).
   */
  close(): Promise<void>;
}

export interface PalabreOverrides {
  clock?: Clock;
  log?: Logger;
  /** Use this store instead of the one the config selects (tests). */
  store?: EventStore;
  /** Use this ballot box instead of the backend's (tests). */
  ballotBox?: BallotBox;
  /** Use this document store instead of the one the config selects (tests). */
  documentStore?: DocumentStore;
  /** With `store`: the session catalog that goes with it (tests; default: one in memory). */
  catalog?: SessionCatalog;
  /** Count into these metrics instead of fresh ones. */
  metrics?: Metrics;
}

/** The project root, whether this runs from sources (server/) or from the build (dist/server/). */
const ROOT = fileURLToPath(
  new URL(import.meta.url.includes('/dist/server/') ? '../../' : '../', import.meta.url),
);
const CLIENT_DIR = `${ROOT}client/app/dist`;
const VERSION = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;

/** The composition root: picks the adapters for the configuration and wires core and transports. */
export async function createPalabre(config: Config, overrides: PalabreOverrides = {}): Promise<Palabre> {
  // Counted only where /metrics is served (on PORT, on METRICS_PORT, or both).
  const metricsServed = config.metrics.onPublicPort || config.metrics.port !== undefined;
  const metrics = overrides.metrics ?? (metricsServed ? await createMetrics() : metricsOff());
  // Timers report how late they fire; stores how long they take (metrics.ts): nothing in core counts.
  const clock = timedClock(overrides.clock ?? systemClock, metrics);
  const lifecycle = new Lifecycle();
  // Who the client is behind the proxies TRUST_PROXY names: for every per-address limit and log line.
  const trustProxy = compileTrustProxy(config.trustProxy);
  const addressOf = (req: IncomingMessage) => clientAddress(req, trustProxy);
  const log = overrides.log ?? createLogger(config.logLevel);
  for (const { name, suggestion } of config.unknownSettings) {
    log.warn('unknown setting ignored', {
      variable: name,
      ...(suggestion ? { didYouMean: suggestion } : {}),
    });
  }
  const backend = await createBackend(config, moduleLogger(log, 'store'), overrides);
  const backendKind = config.redisUrl ? 'redis' : 'embedded';
  const timed = <T extends object>(port: T, name: string) => timedStore(port, name, metrics, backendKind);
  // Names and attributes live outside the hash-chained log (core/personalData.ts): the core reads and
  // writes events through a store that keeps them apart.
  const personalData = timed(backend.personalData, 'personal');
  const store = new PersonalDataEventStore(timed(backend.store, 'events'), personalData);
  const versions = timed(backend.versions, 'versions');
  const liveness = timed(backend.liveness, 'liveness');
  const snapshots = backend.snapshots && timed(backend.snapshots, 'snapshots');
  const catalog = timed(backend.catalog, 'catalog');
  const sessions = new SessionService(store, clock, undefined, {
    snapshots,
    catalog,
    log: moduleLogger(log, 'sessions'),
    personalData,
  });
  const ballotBox = timed(overrides.ballotBox ?? backend.ballotBox, 'ballots');
  const tokens = new TokenService(config.secret, clock);
  const access = new AccessService(sessions, tokens, clock, {
    inviteMs: config.inviteTtlMs,
    resumeMs: config.resumeTtlMs,
  });

  const presenceStore = timed(backend.presence, 'presence');
  const presence = new PresenceService(
    sessions,
    presenceStore,
    clock,
    moduleLogger(log, 'presence'),
    config.presence,
  );
  const documentStore = timed(backend.documents, 'documents');
  const privacy = new PrivacyService({
    sessions,
    events: store,
    snapshots,
    documents: documentStore,
    versions,
    ballots: ballotBox,
    personal: personalData,
    catalog,
    presence: presenceStore,
    log: moduleLogger(log, 'privacy'),
  });
  const documents = new DocumentService({
    store: documentStore,
    presence,
    sessions,
    access,
    clock,
    log: countingLogger(moduleLogger(log, 'documents'), metrics),
    limits: config.documents,
  });

  const app = createHttpApp({
    sessions,
    access,
    reports: new ReportService(sessions, clock),
    versions: new VersionReader(sessions, versions),
    adminToken: config.adminToken,
    publicUrl: config.publicUrl,
    clock,
    log,
    maxBodyBytes: config.maxPayloadBytes,
    readiness: async () =>
      lifecycle.draining ? { ready: false, checks: { process: 'stopping' } } : backend.readiness(),
    clientDir: config.serveClient ? CLIENT_DIR : undefined,
    trustProxy,
    privacy,
    frameAncestors: config.frameAncestors,
    version: VERSION,
    metrics:
      config.metrics.onPublicPort && metrics.registry
        ? { registry: metrics.registry, token: config.metrics.token }
        : undefined,
  });
  // Requests whose headers do not arrive in time (a stalled or never-finished upgrade included) are
  // closed; Node checks every `connectionsCheckingInterval` ms.
  const http = createServer(
    {
      headersTimeout: config.documents.handshakeTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.documents.handshakeTimeoutMs),
    },
    app,
  );
  // Every TCP connection, upgraded ones included (the HTTP server stops tracking a socket once it is
  // upgraded), so that a stop can cut the peers that never answer a close frame (see close()).
  const connections = new Set<Socket>();
  http.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  http.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    log.debug('bad http request', { err });
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  // SFU mode: browsers join their group's room on Janus through this process, which mutes and unmutes them
  // as the floor moves (core/voice/sfuVoice.ts).
  let renegotiate: (socketId: string, reason: 'moved' | 'restarted') => void = () => undefined;
  const voiceLog = moduleLogger(log, 'voice');
  const media =
    config.voice.mode === 'sfu' ? new JanusAudioBridge({ ...config.voice.janus, log: voiceLog }) : undefined;
  // Told at start-up, not at the first person who switches a microphone on (the server runs either way).
  media?.probe().then(
    () => voiceLog.info('media server reachable', { url: config.voice.janus.url }),
    (err: unknown) =>
      voiceLog.warn('media server unreachable: voice joins fail until it answers', {
        url: config.voice.janus.url,
        err,
      }),
  );
  const sfuVoice = media
    ? new SfuVoice({
        sessions,
        media,
        log: voiceLog,
        renegotiate: (socketId, reason) => renegotiate(socketId, reason),
      })
    : undefined;
  const io = createSocketServer(http, {
    sessions,
    access,
    presence,
    clock,
    log: moduleLogger(log, 'socket.io'),
    maxPayloadBytes: config.maxPayloadBytes,
    commandRate: config.commandRate,
    eventBatchMs: config.eventBatchMs,
    voice: {
      mode: config.voice.mode,
      iceServers: config.voice.iceServers,
      candidates: config.voice.candidates,
      signalRate: config.voice.signalRate,
      sfu: sfuVoice,
    },
    adapter: backend.socketAdapter,
    transports: config.socketTransports,
    maxSocketsPerIp: config.maxSocketsPerIp,
    clientAddress: addressOf,
    lifecycle,
    metrics,
  });
  const documentSockets = attachDocumentSockets(http, {
    documents,
    log: moduleLogger(log, 'yjs'),
    maxUpdateBytes: config.documents.maxUpdateBytes,
    maxPendingHandshakes: config.documents.maxPendingHandshakes,
    maxConnectionsPerIp: config.documents.maxConnectionsPerIp,
    handshakeTimeoutMs: config.documents.handshakeTimeoutMs,
    clientAddress: addressOf,
    lifecycle,
    metrics,
  });
  renegotiate = (socketId, reason) => io.to(socketId).emit('voice.renegotiate', { reason });
  sfuVoice?.start();
  // Embedded mode: a group larger than the documented size is logged once (core/voice/embeddedGroupSize.ts).
  const groupSize =
    config.voice.mode === 'embedded'
      ? new EmbeddedGroupSize({ sessions, log: voiceLog, maxListeners: config.voice.embeddedMaxListeners })
      : undefined;
  groupSize?.start();
  metrics.watch({
    sockets: () => io.engine.clientsCount,
    documentsLoaded: () => documents.loaded,
    sessions: () => sessions.stats(),
  });

  const reactions = createReactions({
    sessions,
    documents,
    presence,
    ballotBox,
    versions,
    liveness,
    clock,
    log: moduleLogger(log, 'reactions'),
    heartbeatMs: config.heartbeatMs,
    privacy,
    retentionMs: config.retentionMs,
  });
  // A store written before the catalog existed is catalogued once, before start-up asks it what is live.
  await sessions.backfillCatalog();
  await startReactions(reactions, log);

  // METRICS_PORT: /metrics alone on a second port, for a scraper on the internal network.
  const metricsHttp =
    config.metrics.port === undefined || !metrics.registry
      ? undefined
      : createServer(metricsApp(metrics.registry, config.metrics.token));

  return {
    config,
    http,
    io,
    sessions,
    access,
    ballotBox,
    documents,
    privacy,
    reactions,
    log,
    metrics,
    lifecycle,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          const { port } = http.address() as AddressInfo;
          const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
          if (!metricsHttp) return resolve(`http://${host}:${port}`);
          metricsHttp.once('error', reject);
          metricsHttp.listen(config.metrics.port, config.host, () => resolve(`http://${host}:${port}`));
        });
      }),
    close: async () => {
      lifecycle.beginDrain();
      await pause(config.shutdown.delayMs);
      // No new TCP connections; requests on kept-alive ones are answered until their sockets close.
      const closed = http.listening
        ? new Promise<void>((resolve) => http.close(() => resolve()))
        : Promise.resolve();
      http.closeIdleConnections();
      // Document connections are closed with 4503 (the stock provider reconnects), then every accepted
      // update is written before the store goes.
      await documents.close();
      await documentSockets.close();
      // socket.io closes the transports: clients see `transport close` and reconnect with their token. Its
      // callback waits for the HTTP server, hence for every connection: a peer that never answers the close
      // frame (a frozen page, a proxy holding the socket) would hold the stop for ws's 30 s close timeout,
      // twice. After CLOSE_GRACE_MS the connections still open are cut.
      const cut = setTimeout(() => {
        for (const socket of connections) socket.destroy();
      }, CLOSE_GRACE_MS);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
      await closed;
      clearTimeout(cut);
      if (metricsHttp?.listening) await new Promise((resolve) => metricsHttp.close(resolve));
      await stopReactions(reactions, log);
      await sfuVoice?.stop();
      groupSize?.stop();
      await sessions.close();
      await backend.close();
    },
  };
}
