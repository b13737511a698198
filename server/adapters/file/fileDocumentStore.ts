import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, rm, truncate } from 'node:fs/promises';
import { isSafeId } from './safeName.js';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KeyedQueue } from '../../core/keyedQueue.js';
import { DOCUMENT_ID_PATTERN } from '../../ports/documentStore.js';
import type { AppendedUpdates, DocumentStore, StoredDocument } from '../../ports/documentStore.js';

/** Record header: u32 sequence number, u32 length (big-endian). */
const HEADER = 8;
const APPEND_DURABLY = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC;
/** Open log files kept for appends; the least recently used is closed beyond this. */
const MAX_OPEN_FILES = 256;

/**
 * The embedded default: under `<dataDir>/docs/<sessionId>/`, one `<groupId>.log` (append-only records
 * `[seq u32][length u32][update]`, written with O_DSYNC: on disk before an append resolves) and one `<groupId>.snap`
 * (`[seq u32][update]`, replaced atomically by rename). A crash mid-append leaves a torn last record, cut
 * off on load; a crash mid-compaction leaves log records the snapshot already holds, skipped on load.
 * One process only: `subscribe` never fires, since no other process appends to these files.
 */
export class FileDocumentStore implements DocumentStore {
  private readonly dir: string;
  private readonly queue = new KeyedQueue();
  private readonly seqs = new Map<string, number>();
  private readonly handles = new Map<string, FileHandle>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'docs');
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private paths(docId: string): { log: string; snap: string } {
    if (!DOCUMENT_ID_PATTERN.test(docId)) throw new Error(`invalid document id ${docId}`);
    const base = join(this.dir, docId);
    return { log: `${base}.log`, snap: `${base}.snap` };
  }

  append(docId: string, updates: readonly Uint8Array[]): Promise<{ seq: number }> {
    return this.queue.run(docId, async () => {
      let seq = this.seqs.get(docId) ?? (await this.read(docId)).seq;
      const records = updates.map((update) => {
        const record = Buffer.allocUnsafe(HEADER + update.length);
        record.writeUInt32BE(++seq, 0);
        record.writeUInt32BE(update.length, 4);
        record.set(update, HEADER);
        return record;
      });
      const handle = await this.handle(docId);
      // O_DSYNC: the write returns once the data is on disk, in one round trip to the thread pool
      // (write then fdatasync would take two, and latency is what collaborators feel).
      const data = records.length === 1 ? records[0]! : Buffer.concat(records);
      let written = 0;
      while (written < data.length) written += (await handle.write(data, written)).bytesWritten;
      this.seqs.set(docId, seq);
      return { seq };
    });
  }

  private async handle(docId: string): Promise<FileHandle> {
    const open_ = this.handles.get(docId);
    if (open_) {
      this.handles.delete(docId);
      this.handles.set(docId, open_);
      return open_;
    }
    const { log } = this.paths(docId);
    await mkdir(dirname(log), { recursive: true, mode: 0o700 });
    const handle = await open(log, APPEND_DURABLY, 0o600);
    this.handles.set(docId, handle);
    if (this.handles.size > MAX_OPEN_FILES) {
      const [oldest] = this.handles.keys();
      if (oldest !== undefined) await this.release(oldest);
    }
    return handle;
  }

  private async release(docId: string): Promise<void> {
    const handle = this.handles.get(docId);
    this.handles.delete(docId);
    await handle?.close();
  }

  load(docId: string): Promise<StoredDocument> {
    return this.queue.run(docId, () => this.read(docId));
  }

  private async read(docId: string): Promise<StoredDocument> {
    const { log, snap } = this.paths(docId);
    let snapshot: Uint8Array | undefined;
    let snapshotSeq = 0;
    const snapBytes = await readOrEmpty(snap);
    if (snapBytes.length >= 4) {
      snapshotSeq = snapBytes.readUInt32BE(0);
      snapshot = new Uint8Array(snapBytes.subarray(4));
    }
    const bytes = await readOrEmpty(log);
    const updates: Uint8Array[] = [];
    let seq = snapshotSeq;
    let offset = 0;
    while (offset < bytes.length) {
      if (offset + HEADER > bytes.length) break;
      const recordSeq = bytes.readUInt32BE(offset);
      const length = bytes.readUInt32BE(offset + 4);
      if (offset + HEADER + length > bytes.length) break;
      if (recordSeq > snapshotSeq) {
        updates.push(new Uint8Array(bytes.subarray(offset + HEADER, offset + HEADER + length)));
        seq = recordSeq;
      }
      offset += HEADER + length;
    }
    // A torn last record (crash mid-append) is cut off, so the next append starts on a record boundary.
    if (offset < bytes.length) {
      await this.release(docId);
      await truncate(log, offset);
    }
    this.seqs.set(docId, seq);
    return { snapshot, snapshotSeq, updates, seq };
  }

  compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    return this.queue.run(docId, async () => {
      const current = await this.read(docId);
      if (throughSeq <= current.snapshotSeq || throughSeq > current.seq) return;
      const { log, snap } = this.paths(docId);
      const head = Buffer.allocUnsafe(4);
      head.writeUInt32BE(throughSeq, 0);
      await writeAtomically(snap, Buffer.concat([head, snapshot]));
      // The snapshot is durable: rewrite the log with what follows it.
      const kept: Buffer[] = [];
      const first = throughSeq - current.snapshotSeq;
      current.updates.slice(first).forEach((update, i) => {
        const record = Buffer.allocUnsafe(HEADER + update.length);
        record.writeUInt32BE(throughSeq + i + 1, 0);
        record.writeUInt32BE(update.length, 4);
        record.set(update, HEADER);
        kept.push(record);
      });
      await this.release(docId);
      await writeAtomically(log, Buffer.concat(kept));
    });
  }

  subscribe(_listener: (batch: AppendedUpdates) => void): () => void {
    return () => undefined;
  }

  async deleteSession(sessionId: string): Promise<void> {
    if (!isSafeId(sessionId)) throw new Error(`invalid session id ${sessionId}`);
    const prefix = `${sessionId}/`;
    for (const docId of [...this.handles.keys(), ...this.seqs.keys()]) {
      if (!docId.startsWith(prefix)) continue;
      await this.queue.run(docId, async () => {
        await this.release(docId);
        this.seqs.delete(docId);
      });
    }
    await rm(join(this.dir, sessionId), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    for (const docId of [...this.handles.keys()]) await this.release(docId);
  }
}

async function readOrEmpty(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}

async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path).catch(async (error: unknown) => {
    await rm(tmp, { force: true });
    throw error;
  });
}
