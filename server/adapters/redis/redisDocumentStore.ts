import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DOCUMENT_ID_PATTERN } from '../../ports/documentStore.js';
import type { AppendedUpdates, DocumentStore, StoredDocument } from '../../ports/documentStore.js';
import { deleteMatching, literalPattern } from './deleteKeys.js';
import type { RedisKeys } from './keys.js';

/**
 * Appends updates after the last sequence number and announces them, in one step.
 * KEYS[1] = log stream, KEYS[2] = meta hash; ARGV[1] = feed channel, ARGV[2] = doc id, ARGV[3] = origin,
 * ARGV[4..] = updates. The feed message is binary: "<docId>\n<firstSeq>\n<origin>\n" then each update as a
 * 4-byte big-endian length and its bytes.
 */
const APPEND = `
local seq = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
local first = seq + 1
local parts = {ARGV[2], '\\n', tostring(first), '\\n', ARGV[3], '\\n'}
for i = 4, #ARGV do
  seq = seq + 1
  redis.call('XADD', KEYS[1], tostring(seq) .. '-1', 'u', ARGV[i])
  parts[#parts + 1] = struct.pack('>I4', #ARGV[i])
  parts[#parts + 1] = ARGV[i]
end
redis.call('HSET', KEYS[2], 'seq', seq)
redis.call('PUBLISH', ARGV[1], table.concat(parts))
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

type Scripts = {
  palabreDocAppend(...args: (string | Buffer)[]): Promise<number>;
  palabreDocLoadBuffer(...args: string[]): Promise<(Buffer | number | null)[]>;
  palabreDocCompact(...args: (string | Buffer)[]): Promise<number>;
};

/**
 * Yjs documents in Redis, as y-redis does it: a stream of updates per document plus a snapshot, compacted by
 * the document service. Appends are announced on a binary pub/sub feed so every other process applies them
 * within milliseconds; a process's own appends are not echoed back to it.
 * Durability is Redis's: run it with `appendonly yes` (and `appendfsync always` for no loss at all).
 */
export class RedisDocumentStore implements DocumentStore {
  readonly shared = true;
  private readonly origin = randomBytes(6).toString('base64url');
  private readonly listeners = new Set<(batch: AppendedUpdates) => void>();
  private readonly awarenessListeners = new Set<(docId: string, update: Uint8Array) => void>();
  private readonly onMessage = (channel: Buffer, message: Buffer) => {
    const name = channel.toString();
    if (name === this.keys.awarenessFeed) return this.onAwareness(message);
    if (name !== this.keys.documentFeed) return;
    const batch = this.decode(message);
    if (!batch) return;
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch {
        // one failing listener must not starve the others
      }
    }
  };

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly keys: RedisKeys,
  ) {
    redis.defineCommand('palabreDocAppend', { numberOfKeys: 2, lua: APPEND });
    redis.defineCommand('palabreDocLoad', { numberOfKeys: 2, lua: LOAD });
    redis.defineCommand('palabreDocCompact', { numberOfKeys: 2, lua: COMPACT });
    subscriber.on('messageBuffer', this.onMessage);
  }

  async init(): Promise<void> {
    await this.subscriber.subscribe(this.keys.documentFeed, this.keys.awarenessFeed);
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
    const seq = await this.scripts.palabreDocAppend(
      log,
      meta,
      this.keys.documentFeed,
      docId,
      this.origin,
      ...updates.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)),
    );
    return { seq: Number(seq) };
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

  subscribe(listener: (batch: AppendedUpdates) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    this.listeners.clear();
    this.awarenessListeners.clear();
    this.subscriber.off('messageBuffer', this.onMessage);
  }

  private decode(message: Buffer): AppendedUpdates | undefined {
    let offset = 0;
    const line = () => {
      const end = message.indexOf(0x0a, offset);
      if (end < 0) throw new Error('truncated header');
      const text = message.toString('utf8', offset, end);
      offset = end + 1;
      return text;
    };
    try {
      const docId = line();
      const firstSeq = Number(line());
      const origin = line();
      if (origin === this.origin) return undefined;
      const updates: Uint8Array[] = [];
      while (offset < message.length) {
        const length = message.readUInt32BE(offset);
        offset += 4;
        if (offset + length > message.length) throw new Error('truncated update');
        updates.push(new Uint8Array(message.subarray(offset, offset + length)));
        offset += length;
      }
      return { docId, firstSeq, updates };
    } catch {
      return undefined;
    }
  }
}
