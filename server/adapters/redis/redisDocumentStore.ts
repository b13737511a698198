import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { systemClock } from '../../core/clock.js';
import type { Clock } from '../../core/clock.js';
import { GroupCommit } from '../../core/groupCommit.js';
import { DOCUMENT_ID_PATTERN } from '../../ports/documentStore.js';
import type { AppendedUpdates, DocumentStore, StoredDocument } from '../../ports/documentStore.js';
import { deleteMatching, literalPattern } from './deleteKeys.js';
import type { RedisKeys } from './keys.js';

/**
 * Appends updates after the last sequence number. KEYS[1] = log stream, KEYS[2] = meta hash; ARGV[1] =
 * origin (the appending process), ARGV[2..] = updates. Entry ids are `<seq>-1`, fields `u` (the update) and
 * `o` (the origin, so a process skips its own entries when it reads the stream).
 */
const APPEND = `
local seq = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
for i = 2, #ARGV do
  seq = seq + 1
  redis.call('XADD', KEYS[1], tostring(seq) .. '-1', 'u', ARGV[i], 'o', ARGV[1])
end
redis.call('HSET', KEYS[2], 'seq', seq)
return seq
`;

/** Snapshot and updates after it, read atomically so a compaction cannot slip in between. */
const LOAD = `
local meta = redis.call('HMGET', KEYS[2], 'snapshot', 'snapshotSeq', 'seq')
local snapshotSeq = tonumber(meta[2] or '0')
local entries = redis.call('XRANGE', KEYS[1], tostring(snapshotSeq + 1) .. '-0', '+')
local result = {meta[1] or false, snapshotSeq, tonumber(meta[3] or '0')}
for _, entry in ipairs(entries) do result[#result + 1] = entry[2][2] end
return result
`;

/** Replaces everything through ARGV[2] with the snapshot ARGV[1]; an older compaction is a no-op. */
const COMPACT = `
local current = tonumber(redis.call('HGET', KEYS[2], 'snapshotSeq') or '0')
local through = tonumber(ARGV[2])
if through <= current then return 0 end
redis.call('HSET', KEYS[2], 'snapshot', ARGV[1], 'snapshotSeq', through)
redis.call('XTRIM', KEYS[1], 'MINID', tostring(through + 1) .. '-0')
return 1
`;

/** Deletes the lock KEYS[1] if it still holds the token ARGV[1] (it may have expired and been taken). */
const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type Scripts = {
  palabreDocAppend(...args: (string | Buffer)[]): Promise<number>;
  palabreDocLoadBuffer(...args: string[]): Promise<(Buffer | number | null)[]>;
  palabreDocCompact(...args: (string | Buffer)[]): Promise<number>;
  palabreDocUnlock(...args: string[]): Promise<number>;
};

/** Entries of one stream as XREAD answers them: [id, [field, value, …]]. */
type StreamEntries = [Buffer, Buffer[]][];
/**
 * XREAD's answer: per stream, its name and entries — nested pairs in RESP2, or flattened
 * (name, entries, name, entries…) as ioredis 6 hands it back.
 */
type XReadReply = [Buffer, StreamEntries][] | (Buffer | StreamEntries)[];

function streamsOf(reply: XReadReply): [Buffer, StreamEntries][] {
  if (reply.length === 0 || !Buffer.isBuffer(reply[0])) return reply as [Buffer, StreamEntries][];
  const pairs: [Buffer, StreamEntries][] = [];
  for (let i = 0; i + 1 < reply.length; i += 2)
    pairs.push([reply[i] as Buffer, reply[i + 1] as StreamEntries]);
  return pairs;
}

/** How long one blocking read waits before it is issued again (ms); a new document interrupts it at once. */
const BLOCK_MS = 10_000;
/** Entries read per stream per call: a process far behind catches up in steps of this many. */
const READ_COUNT = 1000;
/**
 * On a Redis Cluster, one XREAD may only name streams of one hash slot (one session), and a blocking read
 * would hold the node's connection: streams are read without blocking, every this many ms when idle.
 */
const CLUSTER_POLL_MS = 25;
/** The wake stream of a process that died without deleting it expires after this (ms). */
const WAKE_TTL_MS = 60 * 60 * 1000;
/** A compaction lock expires after this (ms), should its holder die mid-compaction. */
const COMPACTION_LOCK_MS = 30_000;

interface Follow {
  docId: string;
  key: string;
  /** Sequence number of the last entry read (or loaded): the next read asks for what follows. */
  lastSeq: number;
}

interface PendingAppend {
  log: string;
  meta: string;
  updates: Buffer[];
  seq: number;
  error: unknown;
}

export interface RedisDocumentStoreOptions {
  /** Group commit window (ms): appends of every document within it go to Redis in one pipeline. Default 0. */
  commitWindowMs?: number;
  clock?: Clock;
}

/**
 * Yjs documents in Redis, as y-redis does it: a stream of updates per document plus a snapshot.
 *
 * - Appends of every document that arrive within the commit window go out in one pipeline (one round trip).
 * - Each process reads the streams of the documents it serves from the last entry it applied, on one
 *   connection of its own, with one blocking XREAD naming all of them (y-redis `subscriber.js`). Nothing
 *   is lost when a connection drops: the next read starts where the last one ended. Entries this process
 *   appended are skipped (their origin is this handle's).
 * - Compaction is the document service's, one process at a time per document (`lockCompaction`).
 *
 * Awareness (never stored) still travels on a pub/sub channel. Durability is Redis's: run it with
 * `appendonly yes` (and `appendfsync always` for no loss at all).
 */
export class RedisDocumentStore implements DocumentStore {
  readonly shared = true;
  private readonly origin = randomBytes(6).toString('base64url');
  private readonly listeners = new Set<(batch: AppendedUpdates) => void>();
  private readonly awarenessListeners = new Set<(docId: string, update: Uint8Array) => void>();
  private readonly follows = new Map<string, Follow>();
  private readonly cluster: boolean;
  private readonly commits: GroupCommit<PendingAppend>;
  private reader: Redis | null = null;
  private reading: Promise<void> | null = null;
  private readonly wakeKey: string;
  /** Id of the last entry read from `wakeKey`. */
  private wakeSeen = '0-0';
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly onMessage = (channel: Buffer, message: Buffer) => {
    if (channel.toString() === this.keys.awarenessFeed) this.onAwareness(message);
  };

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly keys: RedisKeys,
    options: RedisDocumentStoreOptions = {},
  ) {
    redis.defineCommand('palabreDocAppend', { numberOfKeys: 2, lua: APPEND });
    redis.defineCommand('palabreDocLoad', { numberOfKeys: 2, lua: LOAD });
    redis.defineCommand('palabreDocCompact', { numberOfKeys: 2, lua: COMPACT });
    redis.defineCommand('palabreDocUnlock', { numberOfKeys: 1, lua: UNLOCK });
    this.cluster = (redis as unknown as { isCluster?: boolean }).isCluster === true;
    this.wakeKey = keys.documentReaderWake(this.origin);
    this.commits = new GroupCommit({
      windowMs: options.commitWindowMs ?? 0,
      clock: options.clock ?? systemClock,
      commit: (items) => this.commit(items),
    });
    subscriber.on('messageBuffer', this.onMessage);
  }

  /** Subscribes to awareness and opens the connection that reads the documents' streams. */
  async init(): Promise<void> {
    await this.subscriber.subscribe(this.keys.awarenessFeed);
    const reader = this.redis.duplicate();
    // Errors are answered by the read loop (it retries from where it was); without a listener ioredis
    // would crash the process.
    reader.on('error', () => undefined);
    await reader.connect();
    this.reader = reader;
    this.reading = this.readLoop();
  }

  private get scripts(): Scripts {
    return this.redis as unknown as Scripts;
  }

  private keysOf(docId: string): [string, string] {
    if (!DOCUMENT_ID_PATTERN.test(docId)) throw new Error(`invalid document id ${docId}`);
    const [sessionId, groupId] = docId.split('/') as [string, string];
    return [this.keys.documentLog(sessionId, groupId), this.keys.documentMeta(sessionId, groupId)];
  }

  async append(docId: string, updates: readonly Uint8Array[]): Promise<{ seq: number }> {
    const [log, meta] = this.keysOf(docId);
    if (updates.length === 0) {
      const seq = Number((await this.redis.hget(meta, 'seq')) ?? 0);
      return { seq };
    }
    const pending: PendingAppend = {
      log,
      meta,
      updates: updates.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)),
      seq: 0,
      error: null,
    };
    await this.commits.add(pending);
    if (pending.error) throw pending.error;
    return { seq: pending.seq };
  }

  /**
   * One round trip for the batch: a pipeline of append scripts. On a cluster, a pipeline may only touch
   * one slot: the scripts are sent at once instead (still without waiting between them). Each append gets
   * its own result or error.
   */
  private async commit(items: PendingAppend[]): Promise<void> {
    const args = (p: PendingAppend) => [p.log, p.meta, this.origin, ...p.updates];
    if (this.cluster) {
      await Promise.all(
        items.map(async (p) => {
          try {
            p.seq = Number(await this.scripts.palabreDocAppend(...args(p)));
          } catch (error) {
            p.error = error;
          }
        }),
      );
      return;
    }
    const pipeline = this.redis.pipeline();
    const queued = pipeline as unknown as Scripts;
    for (const p of items) void queued.palabreDocAppend(...args(p));
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (error) {
      for (const p of items) p.error = error;
      return;
    }
    items.forEach((p, i) => {
      const [error, seq] = results?.[i] ?? [new Error('no answer from Redis'), null];
      if (error) p.error = error;
      else p.seq = Number(seq);
    });
  }

  async load(docId: string): Promise<StoredDocument> {
    const [log, meta] = this.keysOf(docId);
    const [snapshot, snapshotSeq, seq, ...updates] = await this.scripts.palabreDocLoadBuffer(log, meta);
    return {
      snapshot: snapshot instanceof Buffer ? new Uint8Array(snapshot) : undefined,
      snapshotSeq: Number(snapshotSeq ?? 0),
      updates: updates.map((u) => new Uint8Array(u as Buffer)),
      seq: Number(seq ?? 0),
    };
  }

  async compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    const [log, meta] = this.keysOf(docId);
    await this.scripts.palabreDocCompact(log, meta, Buffer.from(snapshot), String(throughSeq));
  }

  async lockCompaction(docId: string): Promise<{ release(): Promise<void> } | null> {
    this.keysOf(docId);
    const [sessionId, groupId] = docId.split('/') as [string, string];
    const key = this.keys.documentCompactionLock(sessionId, groupId);
    const token = randomBytes(8).toString('base64url');
    const taken = await this.redis.set(key, token, 'PX', COMPACTION_LOCK_MS, 'NX');
    if (taken !== 'OK') return null;
    return {
      release: async () => {
        await this.scripts.palabreDocUnlock(key, token);
      },
    };
  }

  subscribe(listener: (batch: AppendedUpdates) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads the document's stream from the entry after `afterSeq` on, delivering other processes' entries to
   * the subscribers, until the returned function is called. Following a document again replaces the
   * previous position.
   */
  follow(docId: string, afterSeq: number): () => void {
    const [key] = this.keysOf(docId);
    const follow: Follow = { docId, key, lastSeq: afterSeq };
    this.follows.set(key, follow);
    this.interrupt();
    return () => {
      if (this.follows.get(key) === follow) this.follows.delete(key);
    };
  }

  /**
   * Ends the blocking read under way (or the next one, should it not have started yet), so that the next
   * read names the streams followed now.
   */
  private interrupt(): void {
    this.wake?.();
    if (this.cluster || this.closed) return;
    this.redis
      .multi()
      .xadd(this.wakeKey, 'MAXLEN', '1', '*', 'w', '1')
      .pexpire(this.wakeKey, WAKE_TTL_MS)
      .exec()
      .catch(() => undefined);
  }

  /** Waits `ms`, or less if `interrupt` is called meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async readLoop(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      const reader = this.reader!;
      const follows = [...this.follows.values()];
      if (follows.length === 0) {
        await this.pause(BLOCK_MS);
        continue;
      }
      try {
        const groups = this.cluster ? bySession(follows) : [follows];
        const wake = this.cluster ? [] : [{ key: this.wakeKey, lastId: this.wakeSeen }];
        const replies = await Promise.all(
          groups.map(
            (group) =>
              reader.callBuffer(
                'XREAD',
                'COUNT',
                READ_COUNT,
                ...(this.cluster ? [] : ['BLOCK', BLOCK_MS]),
                'STREAMS',
                ...group.map((f) => f.key),
                ...wake.map((w) => w.key),
                ...group.map((f) => `${f.lastSeq}-1`),
                ...wake.map((w) => w.lastId),
              ) as Promise<XReadReply | null>,
          ),
        );
        failures = 0;
        let read = false;
        for (const reply of replies) {
          if (!reply) continue;
          read = true;
          this.deliver(reply);
        }
        if (this.cluster && !read) await this.pause(CLUSTER_POLL_MS);
      } catch {
        if (this.closed) return;
        // The connection dropped or Redis is away: read again from the same positions once it is back.
        failures++;
        await this.pause(Math.min(2000, 25 * 2 ** Math.min(failures, 7)));
      }
    }
  }

  /** Hands other processes' entries to the subscribers, one batch per run of consecutive entries. */
  private deliver(reply: XReadReply): void {
    for (const [keyBytes, entries] of streamsOf(reply)) {
      const key = keyBytes.toString();
      if (key === this.wakeKey) {
        this.wakeSeen = entries.at(-1)?.[0].toString() ?? this.wakeSeen;
        continue;
      }
      const follow = this.follows.get(key);
      if (!follow) continue;
      let run: AppendedUpdates | null = null;
      const flush = () => {
        if (run) this.emit(run);
        run = null;
      };
      for (const [idBytes, fields] of entries) {
        const seq = Number.parseInt(idBytes.toString(), 10);
        if (!(seq > follow.lastSeq)) continue;
        follow.lastSeq = seq;
        let update: Buffer | undefined;
        let mine = false;
        for (let i = 0; i + 1 < fields.length; i += 2) {
          const field = fields[i]!.toString();
          if (field === 'u') update = fields[i + 1];
          else if (field === 'o') mine = fields[i + 1]!.toString() === this.origin;
        }
        if (!update || mine) {
          flush();
          continue;
        }
        const current = run as AppendedUpdates | null;
        if (current && current.firstSeq + current.updates.length === seq) {
          current.updates.push(new Uint8Array(update));
        } else {
          flush();
          run = { docId: follow.docId, firstSeq: seq, updates: [new Uint8Array(update)] };
        }
      }
      flush();
    }
  }

  private emit(batch: AppendedUpdates): void {
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch {
        // one failing listener must not starve the others
      }
    }
  }

  publishAwareness(docId: string, update: Uint8Array): void {
    const header = Buffer.from(`${docId}\n${this.origin}\n`);
    // Fire and forget: awareness is ephemeral, and the next renewal (every 15 s) repairs a lost one.
    this.redis.publish(this.keys.awarenessFeed, Buffer.concat([header, update])).catch(() => undefined);
  }

  subscribeAwareness(listener: (docId: string, update: Uint8Array) => void): () => void {
    this.awarenessListeners.add(listener);
    return () => this.awarenessListeners.delete(listener);
  }

  private onAwareness(message: Buffer): void {
    const first = message.indexOf(0x0a);
    const second = first < 0 ? -1 : message.indexOf(0x0a, first + 1);
    if (second < 0) return;
    if (message.toString('utf8', first + 1, second) === this.origin) return;
    const docId = message.toString('utf8', 0, first);
    const update = new Uint8Array(message.subarray(second + 1));
    for (const listener of this.awarenessListeners) {
      try {
        listener(docId, update);
      } catch {
        // one failing listener must not starve the others
      }
    }
  }

  async deleteSession(sessionId: string): Promise<void> {
    const tagged = this.keys.documentLog(sessionId, '').slice(0, -':doc:'.length);
    await deleteMatching(this.redis, literalPattern(tagged, ':doc:*'));
    await deleteMatching(this.redis, literalPattern(tagged, ':docmeta:*'));
  }

  async close(): Promise<void> {
    await this.commits.flush();
    this.closed = true;
    this.interrupt();
    this.listeners.clear();
    this.awarenessListeners.clear();
    this.follows.clear();
    this.subscriber.off('messageBuffer', this.onMessage);
    this.reader?.disconnect();
    await this.reading;
    await this.redis.del(this.wakeKey).catch(() => undefined);
  }
}

/** Followed streams grouped by session: the streams of one session share a hash slot. */
function bySession(follows: Follow[]): Follow[][] {
  const groups = new Map<string, Follow[]>();
  for (const f of follows) {
    const session = f.docId.slice(0, f.docId.indexOf('/'));
    const group = groups.get(session);
    if (group) group.push(f);
    else groups.set(session, [f]);
  }
  return [...groups.values()];
}
