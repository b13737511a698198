/**
 * Every Redis key and channel Palabre uses, in one place. Keys of one session share the hash tag
 * `{s:<sessionId>}`, so in a Redis Cluster they live in one slot and one Lua script may touch them all.
 */
export interface RedisKeys {
  /** Stream of the session's events; entry ids are `<version>-1`. */
  sessionLog(sessionId: string): string;
  /** Hash holding the latest snapshot of a session (a cache of its state). */
  sessionSnapshot(sessionId: string): string;
  /** Set of all session ids (its own slot: never touched in the same script as a session key). */
  sessions: string;
  /** Hash of session summaries (id → JSON), see ports/sessionCatalog.ts. */
  catalog: string;
  /** Sorted set of session ids by creation time (ms), all statuses or one (`status`). */
  catalogByCreation(status?: string): string;
  /** Set of the ids of sessions not ended. */
  catalogActive: string;
  /** Pub/sub channel announcing appended events, so every process applies them. */
  sessionFeed: string;
  /** Hash of a secret vote's ballots (`<memberId>/<ballotId>` → ballot), outside the session log. */
  ballots(sessionId: string, voteId: string): string;
  /** Stream of a document's updates (entry ids `<seq>-1`), trimmed when compacted. */
  documentLog(sessionId: string, groupId: string): string;
  /** Hash of a document's snapshot: `snapshot` (bytes), `snapshotSeq`, `seq` (last appended). */
  documentMeta(sessionId: string, groupId: string): string;
  /**
   * Stream a process's document reader also reads: an entry added there ends its blocking read, so the next
   * one names the documents followed since (a CLIENT UNBLOCK could arrive before the read it means to end).
   */
  documentReaderWake(owner: string): string;
  /** A document's compaction lock (a token, with an expiry): one process at a time compacts it. */
  documentCompactionLock(sessionId: string, groupId: string): string;
  /** Bytes of one recorded version of a group's document (see ports/versionStore.ts). */
  documentVersion(sessionId: string, groupId: string, versionId: string): string;
  /** Pub/sub channel carrying awareness (presence, cursors) between processes; never stored. */
  awarenessFeed: string;
  /** Sorted set of presence leases: process id → the time its lease ends (ms). */
  presenceProcesses: string;
  /** Set of `<sessionId>|<memberId>` a process holds a connection of. */
  presenceOwnerMembers(owner: string): string;
  /** Set of `<docId>|<client>` awareness states a process owns. */
  presenceOwnerAwareness(owner: string): string;
  /** Set of the processes holding a connection of a member. */
  presenceMember(sessionId: string, memberId: string): string;
  /** Hash of a document's awareness states: client id → `{ clock, state, owner }` (JSON). */
  presenceAwareness(sessionId: string, groupId: string): string;
  /** Hash of a session's personal data (names, attributes), outside the log: see ports/personalDataStore.ts. */
  personalData(sessionId: string): string;
  /** Hash tag shared by every key of a session. */
  sessionTag(sessionId: string): string;
  /** The last moment any process of the deployment was known to be up (ms), see ports/liveness.ts. */
  heartbeat: string;
  /** Stream adapter of socket.io. */
  socketIoStream: string;
  socketIoChannel: string;
}

export function redisKeys(prefix: string): RedisKeys {
  const tag = (sessionId: string) => `{s:${sessionId}}`;
  return {
    sessionTag: tag,
    sessionLog: (sessionId) => `${prefix}:${tag(sessionId)}:log`,
    ballots: (sessionId, voteId) => `${prefix}:${tag(sessionId)}:ballots:${voteId}`,
    sessionSnapshot: (sessionId) => `${prefix}:${tag(sessionId)}:snapshot`,
    personalData: (sessionId) => `${prefix}:${tag(sessionId)}:personal`,
    sessions: `${prefix}:sessions`,
    catalog: `${prefix}:catalog`,
    catalogByCreation: (status) => `${prefix}:catalog:created${status ? `:${status}` : ''}`,
    catalogActive: `${prefix}:catalog:active`,
    heartbeat: `${prefix}:heartbeat`,
    documentLog: (sessionId, groupId) => `${prefix}:${tag(sessionId)}:doc:${groupId}`,
    documentMeta: (sessionId, groupId) => `${prefix}:${tag(sessionId)}:docmeta:${groupId}`,
    documentReaderWake: (owner) => `${prefix}:docreader:${owner}`,
    documentCompactionLock: (sessionId, groupId) => `${prefix}:${tag(sessionId)}:doclock:${groupId}`,
    presenceProcesses: `${prefix}:presence:procs`,
    presenceOwnerMembers: (owner) => `${prefix}:presence:owner:${owner}:members`,
    presenceOwnerAwareness: (owner) => `${prefix}:presence:owner:${owner}:awareness`,
    presenceMember: (sessionId, memberId) => `${prefix}:${tag(sessionId)}:presence:${memberId}`,
    presenceAwareness: (sessionId, groupId) => `${prefix}:${tag(sessionId)}:awareness:${groupId}`,
    documentVersion: (sessionId, groupId, versionId) =>
      `${prefix}:${tag(sessionId)}:version:${groupId}:${versionId}`,
    awarenessFeed: `${prefix}:feed:awareness`,
    sessionFeed: `${prefix}:feed:sessions`,
    socketIoStream: `${prefix}:socket.io`,
    socketIoChannel: `${prefix}:socket.io`,
  };
}
