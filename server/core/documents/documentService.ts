import * as Y from 'yjs';
import type { PalabreError } from '../../../shared/errors.js';
import { mayReadDocument, mayWriteDocument } from '../../../shared/session/documents/access.js';
import type { AccessCheck } from '../../../shared/session/documents/access.js';
import type { SessionEvent } from '../../../shared/session/events.js';
import type { Member, SessionState } from '../../../shared/session/types.js';
import type { Logger } from '../../log.js';
import { documentId } from '../../ports/documentStore.js';
import type { DocumentStore } from '../../ports/documentStore.js';
import type { AccessService } from '../access.js';
import type { Clock } from '../clock.js';
import type { SessionService } from '../sessionService.js';
import { DocumentConnection } from './documentConnection.js';
import type { ConnectionLimits, DocumentPeer } from './documentConnection.js';
import { DocumentRegistry } from './documentRegistry.js';
import type { DocumentLease } from './documentRegistry.js';
import { LiveDocument } from './liveDocument.js';
import type { PresenceService } from '../presence/presenceService.js';
import { encodeAwarenessEntries } from './awarenessRelay.js';

export interface DocumentLimits extends ConnectionLimits {
  compactEvery: number;
  maxConnectionsPerMember: number;
  /** Largest awareness state, bytes of JSON. */
  maxAwarenessBytes: number;
}

export interface DocumentServiceDeps {
  store: DocumentStore;
  /**
   * Who is here across processes: documents record their awareness states there, load everyone's with
   * the document, and announce the states of a process that died. Without it, awareness stays per process.
   */
  presence?: PresenceService | undefined;
  sessions: SessionService;
  access: AccessService;
  clock: Clock;
  log: Logger;
  limits: DocumentLimits;
}

export type OpenResult = { ok: true; connection: DocumentConnection } | { ok: false; error: PalabreError };

/** Who is behind a connection: a member, or a viewer holding an observer invite (no member). */
type Viewer = { kind: 'member'; memberId: string } | { kind: 'invite'; groupId: string };

/**
 * The recommendations documents: one Y.Doc per (session, group), held in a `DocumentRegistry` (one state per
 * document, leases instead of counters). Decides who may read and write from the session service's own
 * cached state (the sessions of open connections are retained there) and disconnects members who lose
 * access. Versions are recorded by a reaction (core/reactions/versionRecording.ts) from `snapshot`.
 */
export class DocumentService {
  readonly registry: DocumentRegistry;
  private readonly connections = new Map<string, Set<DocumentConnection>>();
  private readonly viewers = new WeakMap<DocumentConnection, Viewer>();
  private readonly stopListening: () => void;
  private readonly stopSubscription: () => void;

  constructor(private readonly deps: DocumentServiceDeps) {
    this.registry = new DocumentRegistry({
      create: (id) => this.create(id),
      onError: (message, err, docId) => deps.log.error(message, { err, docId }),
    });
    const stopEvents = deps.sessions.onEvents((sessionId, events, state) =>
      this.onSessionEvents(sessionId, events, state),
    );
    // A deleted session's documents are closed for good (4404: the stock provider does not retry).
    const stopDeleted = deps.sessions.onDeleted((sessionId) => {
      for (const c of [...(this.connections.get(sessionId) ?? [])]) {
        c.close({ code: 'not_found', message: 'this session was deleted' });
      }
    });
    this.stopListening = () => {
      stopEvents();
      stopDeleted();
    };
    const stopUpdates = deps.store.subscribe((batch) => {
      this.registry.find(batch.docId)?.receiveRemote(batch.firstSeq, batch.updates);
    });
    const stopAwareness =
      deps.store.subscribeAwareness?.((docId, update) =>
        this.registry.find(docId)?.receiveRemoteAwareness(update),
      ) ?? (() => undefined);
    const stopLapses =
      deps.presence?.onAwarenessLapsed((gone) => {
        const byDoc = new Map<string, { client: number; clock: number; state: string }[]>();
        for (const { docId, client, clock } of gone) {
          byDoc.set(docId, [...(byDoc.get(docId) ?? []), { client, clock: clock + 1, state: 'null' }]);
        }
        // The process that owned these states died: everyone, here and on the other processes, drops them.
        for (const [docId, entries] of byDoc) {
          const update = encodeAwarenessEntries(entries);
          this.registry.find(docId)?.receiveRemoteAwareness(update);
          deps.store.publishAwareness?.(docId, update);
        }
      }) ?? (() => undefined);
    // This process was claimed as lapsed while alive: its clients announce themselves again.
    const stopRejoins =
      deps.presence?.onRejoined(() => {
        for (const live of this.registry.documents()) live.reannounceLocal();
      }) ?? (() => undefined);
    this.stopSubscription = () => {
      stopUpdates();
      stopAwareness();
      stopLapses();
      stopRejoins();
    };
  }

  /**
   * Checks the token and the right to read, loads the document and returns the connection; the transport
   * opens its socket only then (so nothing from the client is read before) and calls `start()`.
   */
  async open(sessionId: string, groupId: string, token: unknown, peer: DocumentPeer): Promise<OpenResult> {
    const access = await this.deps.access.check(token, sessionId);
    if (!access.ok) return access;
    const state = access.state;
    let viewer: Viewer;
    if (access.kind === 'member') {
      const read = mayReadDocument(state, access.member, groupId);
      if (!read.ok) return read;
      const mine = [...(this.connections.get(sessionId) ?? [])].filter(
        (c) => c.ctx.memberId === access.member.id,
      );
      if (mine.length >= this.deps.limits.maxConnectionsPerMember) {
        return fail('limit_exceeded', 'too many document connections for this member');
      }
      viewer = { kind: 'member', memberId: access.member.id };
    } else {
      // An observer invite is enough to watch: read-only, as an observer of the invite's group would.
      if (access.role !== 'observer') return fail('unauthenticated', 'join first and use your resume token');
      const read = mayReadDocument(state, inviteMember(access.groupId ?? 'plenary'), groupId);
      if (!read.ok) return read;
      viewer = { kind: 'invite', groupId: access.groupId ?? 'plenary' };
    }
    // The write gate reads the session service's cached state: keep it there while this connection lives.
    const releaseSession = this.deps.sessions.retain(sessionId);
    let lease: DocumentLease;
    try {
      lease = await this.registry.acquire(documentId(sessionId, groupId));
    } catch (err) {
      releaseSession();
      this.deps.log.error('could not load a document', { err, sessionId, groupId });
      return fail('unavailable', 'the document could not be loaded; retry');
    }
    const connection = new DocumentConnection(
      lease.doc,
      peer,
      {
        sessionId,
        groupId,
        memberId: viewer.kind === 'member' ? viewer.memberId : null,
        mayEverWrite:
          viewer.kind === 'member' && access.kind === 'member' && access.member.role !== 'observer',
        mayWrite: () => this.mayWrite(sessionId, groupId, viewer),
        clock: this.deps.clock,
        onClose: (c) => {
          this.connections.get(sessionId)?.delete(c);
          lease.release();
          releaseSession();
        },
        log: (msg, fields) => {
          // Refused writes are worth a line at the default level; the rest is for debugging.
          const level = CONNECTION_LOG_LEVELS[msg] ?? 'debug';
          this.deps.log[level](msg, { ...fields, sessionId, groupId });
        },
      },
      this.deps.limits,
    );
    this.viewers.set(connection, viewer);
    let set = this.connections.get(sessionId);
    if (!set) this.connections.set(sessionId, (set = new Set()));
    set.add(connection);
    // The transport calls connection.start() once its socket is open.
    return { ok: true, connection };
  }

  private mayWrite(sessionId: string, groupId: string, viewer: Viewer): AccessCheck {
    const state = this.deps.sessions.peek(sessionId);
    if (!state) {
      // Retained sessions stay cached; should it ever be missing, load it again for the next update.
      void this.deps.sessions.get(sessionId).catch(() => undefined);
      return fail('unavailable', 'session state not loaded yet; retry');
    }
    if (viewer.kind === 'invite') return fail('forbidden', 'observers are read-only');
    const member = state.members[viewer.memberId];
    if (!member) return fail('not_member', 'unknown member');
    return mayWriteDocument(state, member, groupId);
  }

  private mayRead(state: SessionState, connection: DocumentConnection): AccessCheck {
    const viewer = this.viewers.get(connection);
    if (!viewer) return fail('not_member', 'unknown connection');
    if (viewer.kind === 'invite')
      return mayReadDocument(state, inviteMember(viewer.groupId), connection.ctx.groupId);
    const member = state.members[viewer.memberId];
    if (!member) return fail('not_member', 'unknown member');
    return mayReadDocument(state, member, connection.ctx.groupId);
  }

  /** A new in-memory copy of a document; the registry loads it, serves it and forgets it. */
  private create(id: string): LiveDocument {
    const store = this.deps.store;
    const live: LiveDocument = new LiveDocument(id, store, {
      compactEvery: this.deps.limits.compactEvery,
      publishAwareness: store.publishAwareness ? (update) => store.publishAwareness?.(id, update) : undefined,
      awarenessLimits: { maxStateBytes: this.deps.limits.maxAwarenessBytes, maxDepth: 16 },
      recordAwareness: this.deps.presence
        ? (entries) => this.deps.presence?.recordAwareness(id, entries)
        : undefined,
      loadAwareness: this.deps.presence ? () => this.deps.presence!.awarenessOf(id) : undefined,
      onError: (msg, err) => this.deps.log.error(msg, { err, docId: id }),
      onBroken: (broken) => this.registry.markBroken(broken),
    });
    return live;
  }

  private onSessionEvents(sessionId: string, events: SessionEvent[], state: SessionState): void {
    const connections = this.connections.get(sessionId);
    if (connections && events.some((e) => ACCESS_EVENTS.has(e.type))) {
      for (const connection of [...connections]) {
        const read = this.mayRead(state, connection);
        if (!read.ok) connection.close(read.error);
      }
    }
  }

  /**
   * The whole document of a group, as one Yjs update, once every accepted update is persisted (and, with
   * several processes, once this copy has what the store has: another process may have accepted edits whose
   * message has not arrived yet). Loads the document for the time it takes.
   */
  snapshot(sessionId: string, groupId: string): Promise<Uint8Array> {
    return this.registry.withDocument(documentId(sessionId, groupId), async (live) => {
      await live.idle();
      if (this.deps.store.shared) await live.syncFromStore();
      return Y.encodeStateAsUpdate(live.doc);
    });
  }

  /** Number of loaded documents (for tests and metrics). */
  get loaded(): number {
    return this.registry.size;
  }

  async close(): Promise<void> {
    this.stopListening();
    this.stopSubscription();
    for (const set of this.connections.values()) {
      for (const c of [...set]) c.close({ code: 'unavailable', message: 'the server is restarting' });
    }
    await this.registry.close();
  }
}

/** Levels of what a connection reports (everything else is debug). */
const CONNECTION_LOG_LEVELS: Record<string, 'info' | 'warn'> = {
  'document update refused': 'info',
  'awareness state refused': 'info',
  'pending document update dropped': 'info',
};

const ACCESS_EVENTS = new Set<SessionEvent['type']>([
  'member.removed',
  'member.moved',
  'settings.changed',
  'group.closed',
]);

function fail(code: PalabreError['code'], message: string): { ok: false; error: PalabreError } {
  return { ok: false, error: { code, message } };
}

/** The access rules applied to someone holding an observer invite for `groupId`. */
function inviteMember(groupId: string): Member {
  return {
    id: '',
    name: '',
    role: 'observer',
    groupId,
    joinedAt: 0,
    removed: false,
    connected: false,
    attributes: {},
  };
}
