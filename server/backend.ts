import type { createAdapter } from '@socket.io/redis-streams-adapter';
import { FileBallotBox } from './adapters/file/fileBallotBox.js';
import { FileEventStore } from './adapters/file/fileEventStore.js';
import { FileSnapshotStore } from './adapters/file/fileSnapshotStore.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { BallotBox } from './ports/ballotBox.js';
import type { DocumentStore } from './ports/documentStore.js';
import type { EventStore } from './ports/eventStore.js';
import { FileDocumentStore } from './adapters/file/fileDocumentStore.js';
import { MemoryDocumentStore } from './adapters/memory/memoryDocumentStore.js';
import type { SnapshotStore } from './ports/snapshotStore.js';
import type { VersionStore } from './ports/versionStore.js';
import type { PresenceStore } from './ports/presence.js';
import { MemoryPresenceStore } from './adapters/memory/memoryPresenceStore.js';
import { FileVersionStore } from './adapters/file/fileVersionStore.js';
import { MemoryVersionStore } from './adapters/memory/memoryVersionStore.js';
import type { Liveness } from './ports/liveness.js';
import type { SessionCatalog } from './ports/sessionCatalog.js';
import { MemorySessionCatalog } from './adapters/memory/memorySessionCatalog.js';
import { FileSessionCatalog } from './adapters/file/fileSessionCatalog.js';
import type { PersonalDataStore } from './ports/personalDataStore.js';
import { FilePersonalDataStore } from './adapters/file/filePersonalDataStore.js';
import { MemoryPersonalDataStore } from './adapters/memory/memoryPersonalDataStore.js';
import { FileLiveness } from './adapters/file/fileLiveness.js';
import { MemoryLiveness } from './adapters/memory/memoryLiveness.js';

/** The socket.io adapter carrying broadcasts between processes (see redisBackend.ts). */
type SocketAdapter = ReturnType<typeof createAdapter>;

/** The storage and fan-out behind the core: the embedded default, or Redis when REDIS_URL is set. */
export interface Backend {
  store: EventStore;
  /** Summaries of the sessions (status, title, dates), so that start-up and lists never read every log. */
  catalog: SessionCatalog;
  /** Secret ballots, outside the log: files next to the logs, or Redis hashes shared by every process. */
  ballotBox: BallotBox;
  documents: DocumentStore;
  /** Bytes of recorded document versions, outside the log (see ports/versionStore.ts). */
  versions: VersionStore;
  /** Who is here: members held by each process, documents' awareness states, process leases. */
  presence: PresenceStore;
  snapshots: SnapshotStore | undefined;
  /** Names and attributes, outside the log (see ports/personalDataStore.ts). */
  personalData: PersonalDataStore;
  /** When a process was last up: a file next to the logs, or a Redis key shared by every process. */
  liveness: Liveness;
  /** socket.io adapter carrying broadcasts and socket management between processes (Redis only). */
  socketAdapter: SocketAdapter | undefined;
  readiness(): Promise<{ ready: boolean; checks: Record<string, string> }>;
  close(): Promise<void>;
}

export interface BackendOverrides {
  store?: EventStore;
  documentStore?: DocumentStore;
  catalog?: SessionCatalog;
}

/** The embedded document store: files under DATA_DIR/docs, or memory when YJS_STORE=memory. */
async function embeddedDocuments(config: Config, overrides: BackendOverrides): Promise<DocumentStore> {
  if (overrides.documentStore) return overrides.documentStore;
  if (config.documents.store === 'memory') return new MemoryDocumentStore();
  const store = new FileDocumentStore(config.dataDir, {
    commitWindowMs: config.documents.commitWindowMs ?? 5,
  });
  await store.init();
  return store;
}

export async function createBackend(
  config: Config,
  log: Logger,
  overrides: BackendOverrides = {},
): Promise<Backend> {
  if (overrides.store) {
    const store = overrides.store;
    const documents = await embeddedDocuments(config, overrides);
    return {
      store,
      catalog: overrides.catalog ?? new MemorySessionCatalog(),
      ballotBox: new FileBallotBox(config.dataDir),
      documents,
      versions: new MemoryVersionStore(),
      presence: new MemoryPresenceStore(),
      personalData: new MemoryPersonalDataStore(),
      snapshots: undefined,
      // The overriding store (tests) decides what survives a restart; beats live as long as this process.
      liveness: new MemoryLiveness(),
      socketAdapter: undefined,
      readiness: async () => ({ ready: true, checks: { store: 'ok' } }),
      close: async () => {
        await store.close();
        await documents.close();
      },
    };
  }
  if (!config.redisUrl) {
    const store = new FileEventStore(config.dataDir);
    await store.init();
    const snapshots = new FileSnapshotStore(config.dataDir);
    await snapshots.init();
    const documents = await embeddedDocuments(config, overrides);
    const catalog = new FileSessionCatalog(config.dataDir);
    await catalog.init();
    return {
      store,
      catalog,
      ballotBox: new FileBallotBox(config.dataDir),
      documents,
      versions:
        config.documents.store === 'memory' ? new MemoryVersionStore() : new FileVersionStore(config.dataDir),
      // One process: presence lives and dies with it (a restart reconciles the log with who comes back).
      presence: new MemoryPresenceStore(),
      snapshots,
      // Next to the logs, whatever YJS_STORE says: a log read back without its names would look erased.
      personalData: new FilePersonalDataStore(config.dataDir),
      liveness: new FileLiveness(config.dataDir),
      socketAdapter: undefined,
      readiness: async () => ({ ready: true, checks: { store: `files in ${config.dataDir}` } }),
      close: async () => {
        await store.close();
        await documents.close();
      },
    };
  }

  // Loaded only when REDIS_URL is set: ioredis and the socket.io adapter cost an embedded process ~9 MiB
  // of idle memory for nothing (bench/RESULTS.md, "Idle memory").
  const { createRedisBackend } = await import('./redisBackend.js');
  return createRedisBackend(config, config.redisUrl, log, overrides);
}
