import { createServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { ReportService } from './core/report/reports.js';
import { SessionService } from './core/sessionService.js';
import { TokenService } from './core/tokens.js';
import { createLogger } from './log.js';
import type { Logger } from './log.js';
import type { BallotBox } from './ports/ballotBox.js';
import type { DocumentStore } from './ports/documentStore.js';
import type { EventStore } from './ports/eventStore.js';
import { createHttpApp } from './transport/http/httpApp.js';
import { createSocketServer } from './transport/socketio/socketServer.js';
import { attachDocumentSockets } from './transport/yws/documentSocketServer.js';
import type { PalabreServer } from './transport/socketio/types.js';

export interface Palabre {
  config: Config;
  http: HttpServer;
  io: PalabreServer;
  sessions: SessionService;
  access: AccessService;
  /** Where secret ballots are kept, outside the log. */
  ballotBox: BallotBox;
  documents: DocumentService;
  /** Everything the server does by itself, in start order (see core/reactions/index.ts). */
  reactions: readonly Reaction[];
  log: Logger;
  /** Starts listening; resolves with the bound URL (port 0 picks a free port). */
  listen(): Promise<string>;
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
}

/** The project root, whether this runs from sources (server/) or from the build (dist/server/). */
const ROOT = fileURLToPath(
  new URL(import.meta.url.includes('/dist/server/') ? '../../' : '../', import.meta.url),
);
const CLIENT_DIR = `${ROOT}client/app/dist`;

/** The composition root: picks the adapters for the configuration and wires core and transports. */
export async function createPalabre(config: Config, overrides: PalabreOverrides = {}): Promise<Palabre> {
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? createLogger(config.logLevel);
  const backend = await createBackend(config, log, overrides);
  const store = backend.store;
  const sessions = new SessionService(store, clock, undefined, {
    snapshots: backend.snapshots,
    catalog: backend.catalog,
    log,
  });
  const ballotBox = overrides.ballotBox ?? backend.ballotBox;
  const tokens = new TokenService(config.secret, clock);
  const access = new AccessService(sessions, tokens, clock, {
    inviteMs: config.inviteTtlMs,
    resumeMs: config.resumeTtlMs,
  });

  const presence = new PresenceService(sessions, backend.presence, clock, log, config.presence);
  const documentStore = backend.documents;
  const documents = new DocumentService({
    store: documentStore,
    presence,
    sessions,
    access,
    clock,
    log,
    limits: config.documents,
  });

  const app = createHttpApp({
    sessions,
    access,
    reports: new ReportService(sessions, clock),
    versions: new VersionReader(sessions, backend.versions),
    adminToken: config.adminToken,
    publicUrl: config.publicUrl,
    log,
    maxBodyBytes: config.maxPayloadBytes,
    readiness: backend.readiness,
    clientDir: config.serveClient ? CLIENT_DIR : undefined,
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
  http.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    log.debug('bad http request', { err });
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  const io = createSocketServer(http, {
    sessions,
    access,
    presence,
    clock,
    log,
    maxPayloadBytes: config.maxPayloadBytes,
    commandRate: config.commandRate,
    adapter: backend.socketAdapter,
    transports: config.socketTransports,
  });
  const documentSockets = attachDocumentSockets(http, {
    documents,
    log,
    maxUpdateBytes: config.documents.maxUpdateBytes,
    maxPendingHandshakes: config.documents.maxPendingHandshakes,
    maxConnectionsPerIp: config.documents.maxConnectionsPerIp,
    handshakeTimeoutMs: config.documents.handshakeTimeoutMs,
  });

  const reactions = createReactions({
    sessions,
    documents,
    presence,
    ballotBox,
    versions: backend.versions,
    liveness: backend.liveness,
    clock,
    log,
    heartbeatMs: config.heartbeatMs,
  });
  // A store written before the catalog existed is catalogued once, before start-up asks it what is live.
  await sessions.backfillCatalog();
  await startReactions(reactions, log);

  return {
    config,
    http,
    io,
    sessions,
    access,
    ballotBox,
    documents,
    reactions,
    log,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          const { port } = http.address() as AddressInfo;
          const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
          resolve(`http://${host}:${port}`);
        });
      }),
    close: async () => {
      await documents.close();
      await documentSockets.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
      await stopReactions(reactions, log);
      await sessions.close();
      await backend.close();
    },
  };
}
