import { close as closeFd, constants, open as openFd, write as writeFd } from 'node:fs';
import { mkdir, open, readFile, rm, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { systemClock } from '../../core/clock.js';
import type { Clock } from '../../core/clock.js';
import { GroupCommit } from '../../core/groupCommit.js';
import { KeyedQueue } from '../../core/keyedQueue.js';
import { DOCUMENT_ID_PATTERN } from '../../ports/documentStore.js';
import type { AppendedUpdates, DocumentStore, StoredDocument } from '../../ports/documentStore.js';
import { isSafeId } from './safeName.js';
import { appendSynced, writeAtomically } from './syncedFiles.js';

/** Document log record header: u32 sequence number, u32 length (big-endian). */
const HEADER = 8;
/** Journal batch header: u32 length of the records that follow, u32 CRC-32 of them. */
const BATCH_HEADER = 8;
const APPEND_DURABLY = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC;
/**
 * Past this many bytes in the journal, its records are moved into the documents' own logs (one write and
 * one fdatasync per document touched, then the journal is emptied). 4 MiB is about 60,000 typed characters
 * of the bench's updates: a checkpoint every few minutes under the fan-out load, and as much memory at most
 * for the records held until then.
 */
const CHECKPOINT_BYTES = 4 * 1024 * 1024;
/** Documents written at once by a checkpoint (each one write and one fdatasync in the thread pool). */
const CHECKPOINT_PARALLEL = 8;

interface JournalRecord {
  docId: string;
  seq: number;
  update: Uint8Array;
}

export interface FileDocumentStoreOptions {
  /**
   * Group commit window (ms): appends of every document arriving within it are written to the journal and
   * synced together (one write with O_DSYNC). Default 0: whatever arrives in the same turn of the event
   * loop. Config: YJS_COMMIT_WINDOW_MS.
   */
  commitWindowMs?: number;
  clock?: Clock;
  /**
   * Performs the durable write of one journal batch (`write` resolves once the bytes are on disk). Tests
   * wrap it to see or slow down each sync; the default calls `write` as is.
   */
  durableWrite?: (bytes: Buffer, write: (bytes: Buffer) => Promise<void>) => Promise<void>;
}

/**
 * The embedded default. Under `<dataDir>/docs/`:
 *
 * - `journal.log`: every append of every document goes here first, in batches (group commit): one
 *   `[length u32][crc32 u32]` header then records `[docId length u16][docId][seq u32][length u32][update]`,
 *   written with O_DSYNC, so one disk sync covers every document that changed within the commit window. An
 *   append resolves once its batch is on disk. A torn or corrupt last batch (crash mid-write) is cut off at
 *   start-up by its length and CRC.
 * - `<sessionId>/<groupId>.log`: the document's own log, records `[seq u32][length u32][update]`, filled
 *   from the journal by checkpoints (past 4 MiB of journal, at start-up, on close and before a session is
 *   deleted); records already there are skipped on load, so a crash mid-checkpoint loses nothing.
 * - `<sessionId>/<groupId>.snap`: `[seq u32][update]`, replaced atomically by rename on compaction.
 *
 * Records not yet checkpointed are kept in memory too, so loads never read the journal. One process only:
 * `subscribe` never fires, since no other process appends to these files.
 */
export class FileDocumentStore implements DocumentStore {
  private readonly dir: string;
  private readonly journalPath: string;
  private readonly queue = new KeyedQueue();
  private readonly seqs = new Map<string, number>();
  /** Journal records not yet moved into the documents' logs, per document, in order. */
  private readonly journaled = new Map<string, JournalRecord[]>();
  private journalBytes = 0;
  /** The journal's file descriptor (the callback API: a FileHandle's promise API cost twice the CPU per write). */
  private journal: number | null = null;
  private readonly commits: GroupCommit<JournalRecord[]>;
  private readonly durableWrite: NonNullable<FileDocumentStoreOptions['durableWrite']>;
  /** One journal step at a time: a batch commit or a checkpoint. */
  private journalTail: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string, options: FileDocumentStoreOptions = {}) {
    this.dir = join(dataDir, 'docs');
    this.journalPath = join(this.dir, 'journal.log');
    this.durableWrite = options.durableWrite ?? ((bytes, write) => write(bytes));
    this.commits = new GroupCommit({
      windowMs: options.commitWindowMs ?? 0,
      clock: options.clock ?? systemClock,
      commit: (batches) => this.serially(() => this.commitBatch(batches.flat())),
    });
  }

  /** Creates the directory, replays the journal into the documents' logs and opens it for appends. */
  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.replayJournal();
    await this.checkpoint();
  }

  private paths(docId: string): { log: string; snap: string } {
    if (!DOCUMENT_ID_PATTERN.test(docId)) throw new Error(`invalid document id ${docId}`);
    const base = join(this.dir, docId);
    return { log: `${base}.log`, snap: `${base}.snap` };
  }

  async append(docId: string, updates: readonly Uint8Array[]): Promise<{ seq: number }> {
    this.paths(docId);
    if (!this.seqs.has(docId)) await this.load(docId);
    // Numbered synchronously: concurrent appends to one document get consecutive, ordered numbers.
    let seq = this.seqs.get(docId)!;
    const records = updates.map((update) => ({ docId, seq: ++seq, update: new Uint8Array(update) }));
    this.seqs.set(docId, seq);
    if (records.length > 0) await this.commits.add(records);
    return { seq };
  }

  /** Appends waiting for their batch's commit window to close (for tests and metrics). */
  get waitingAppends(): number {
    return this.commits.waiting;
  }

  /** Runs journal steps one at a time, in order. */
  private serially<T>(step: () => Promise<T>): Promise<T> {
    const result = this.journalTail.then(step);
    this.journalTail = result.catch(() => undefined);
    return result;
  }

  /** One durable write for the whole batch; then its records are served by loads. */
  private async commitBatch(records: JournalRecord[]): Promise<void> {
    const parts: Buffer[] = [Buffer.alloc(BATCH_HEADER)];
    let length = 0;
    for (const record of records) {
      const id = Buffer.from(record.docId);
      const head = Buffer.allocUnsafe(2 + id.length + HEADER);
      head.writeUInt16BE(id.length, 0);
      id.copy(head, 2);
      head.writeUInt32BE(record.seq, 2 + id.length);
      head.writeUInt32BE(record.update.length, 6 + id.length);
      parts.push(head, Buffer.from(record.update.buffer, record.update.byteOffset, record.update.byteLength));
      length += head.length + record.update.length;
    }
    const bytes = Buffer.concat(parts, BATCH_HEADER + length);
    bytes.writeUInt32BE(length, 0);
    bytes.writeUInt32BE(crc32(bytes.subarray(BATCH_HEADER)), 4);
    const journal = await this.openJournal();
    await this.durableWrite(bytes, async (data) => {
      let written = 0;
      while (written < data.length) written += await writeSome(journal, data, written);
    });
    this.journalBytes += bytes.length;
    for (const record of records) this.keep(record);
    if (this.journalBytes >= CHECKPOINT_BYTES) await this.checkpoint();
  }

  private keep(record: JournalRecord): void {
    const list = this.journaled.get(record.docId);
    if (list) list.push(record);
    else this.journaled.set(record.docId, [record]);
  }

  private async openJournal(): Promise<number> {
    this.journal ??= await new Promise<number>((resolve, reject) =>
      openFd(this.journalPath, APPEND_DURABLY, 0o600, (error, fd) => (error ? reject(error) : resolve(fd))),
    );
    return this.journal;
  }

  private async closeJournal(): Promise<void> {
    const fd = this.journal;
    this.journal = null;
    if (fd !== null) await new Promise<void>((resolve) => closeFd(fd, () => resolve()));
  }

  /** Reads the journal left by the last run: its whole batches are kept in memory, a torn tail is cut. */
  private async replayJournal(): Promise<void> {
    const bytes = await readOrEmpty(this.journalPath);
    let offset = 0;
    while (offset + BATCH_HEADER <= bytes.length) {
      const length = bytes.readUInt32BE(offset);
      const end = offset + BATCH_HEADER + length;
      if (end > bytes.length) break;
      const body = bytes.subarray(offset + BATCH_HEADER, end);
      if (crc32(body) !== bytes.readUInt32BE(offset + 4)) break;
      let at = 0;
      while (at < body.length) {
        const idLength = body.readUInt16BE(at);
        const docId = body.toString('utf8', at + 2, at + 2 + idLength);
        const seq = body.readUInt32BE(at + 2 + idLength);
        const size = body.readUInt32BE(at + 6 + idLength);
        const start = at + 2 + idLength + HEADER;
        if (DOCUMENT_ID_PATTERN.test(docId)) {
          this.keep({ docId, seq, update: new Uint8Array(body.subarray(start, start + size)) });
        }
        at = start + size;
      }
      offset = end;
    }
    if (offset < bytes.length) await truncate(this.journalPath, offset);
    this.journalBytes = offset;
  }

  /**
   * Moves every journaled record into its document's log (each log synced), then empties the journal.
   * Runs between batch commits; each document's part runs in that document's queue, so it never overlaps a
   * compaction or a load of the same document.
   */
  private async checkpoint(): Promise<void> {
    const docs = [...this.journaled.keys()];
    const dirs = new Set<string>();
    for (let i = 0; i < docs.length; i += CHECKPOINT_PARALLEL) {
      await Promise.all(
        docs.slice(i, i + CHECKPOINT_PARALLEL).map((docId) =>
          this.queue.run(docId, async () => {
            const records = this.journaled.get(docId);
            if (!records) return;
            const { log } = this.paths(docId);
            dirs.add(dirname(log));
            await appendSynced(log, Buffer.concat(records.map((r) => logRecord(r.seq, r.update))));
            this.journaled.delete(docId);
          }),
        ),
      );
    }
    // New log files must survive a crash before the journal that holds their records is emptied.
    for (const dir of dirs) await syncDirectory(dir);
    if (this.journalBytes > 0) {
      await this.closeJournal();
      await truncate(this.journalPath, 0);
      const handle = await open(this.journalPath, 'r+');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
      this.journalBytes = 0;
    }
  }

  load(docId: string): Promise<StoredDocument> {
    return this.queue.run(docId, () => this.read(docId));
  }

  /** The document's files, then its journaled records; records at or below what is already held are skipped. */
  private async read(docId: string): Promise<StoredDocument> {
    const files = await this.readFiles(docId);
    const updates = files.records.map((r) => r.update);
    let seq = files.records.at(-1)?.seq ?? files.snapshotSeq;
    for (const record of this.journaled.get(docId) ?? []) {
      if (record.seq <= seq) continue;
      updates.push(record.update);
      seq = record.seq;
    }
    // Appends numbered but still in their commit window are not loaded, and must keep their numbers.
    this.seqs.set(docId, Math.max(seq, this.seqs.get(docId) ?? 0));
    return { snapshot: files.snapshot, snapshotSeq: files.snapshotSeq, updates, seq };
  }

  private async readFiles(docId: string): Promise<{
    snapshot: Uint8Array | undefined;
    snapshotSeq: number;
    records: { seq: number; update: Uint8Array }[];
  }> {
    const { log, snap } = this.paths(docId);
    let snapshot: Uint8Array | undefined;
    let snapshotSeq = 0;
    const snapBytes = await readOrEmpty(snap);
    if (snapBytes.length >= 4) {
      snapshotSeq = snapBytes.readUInt32BE(0);
      snapshot = new Uint8Array(snapBytes.subarray(4));
    }
    const bytes = await readOrEmpty(log);
    const records: { seq: number; update: Uint8Array }[] = [];
    let seq = snapshotSeq;
    let offset = 0;
    while (offset < bytes.length) {
      if (offset + HEADER > bytes.length) break;
      const recordSeq = bytes.readUInt32BE(offset);
      const length = bytes.readUInt32BE(offset + 4);
      if (offset + HEADER + length > bytes.length) break;
      // Skips what the snapshot holds, and records a checkpoint cut short wrote twice.
      if (recordSeq > seq) {
        records.push({
          seq: recordSeq,
          update: new Uint8Array(bytes.subarray(offset + HEADER, offset + HEADER + length)),
        });
        seq = recordSeq;
      }
      offset += HEADER + length;
    }
    // A torn last record (crash mid-checkpoint) is cut off, so the next one starts on a record boundary.
    if (offset < bytes.length) await truncate(log, offset);
    return { snapshot, snapshotSeq, records };
  }

  compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    return this.queue.run(docId, async () => {
      const current = await this.read(docId);
      if (throughSeq <= current.snapshotSeq || throughSeq > current.seq) return;
      const { log, snap } = this.paths(docId);
      const head = Buffer.allocUnsafe(4);
      head.writeUInt32BE(throughSeq, 0);
      await writeAtomically(snap, Buffer.concat([head, snapshot]));
      // The snapshot is durable: rewrite the log with what follows it (journaled records stay journaled).
      const files = await this.readFiles(docId);
      const kept = files.records.filter((r) => r.seq > throughSeq).map((r) => logRecord(r.seq, r.update));
      await writeAtomically(log, Buffer.concat(kept));
      const journaled = this.journaled.get(docId);
      if (journaled) {
        const left = journaled.filter((r) => r.seq > throughSeq);
        if (left.length > 0) this.journaled.set(docId, left);
        else this.journaled.delete(docId);
      }
    });
  }

  subscribe(_listener: (batch: AppendedUpdates) => void): () => void {
    return () => undefined;
  }

  /**
   * Erases a session's documents: the journal is checkpointed first (so it holds none of their records
   * that a restart could bring back), then the session's directory is removed.
   */
  async deleteSession(sessionId: string): Promise<void> {
    if (!isSafeId(sessionId)) throw new Error(`invalid session id ${sessionId}`);
    await this.commits.flush();
    await this.serially(() => this.checkpoint());
    const prefix = `${sessionId}/`;
    for (const docId of [...this.seqs.keys()]) {
      if (!docId.startsWith(prefix)) continue;
      await this.queue.run(docId, async () => {
        this.seqs.delete(docId);
        this.journaled.delete(docId);
      });
    }
    await rm(join(this.dir, sessionId), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    await this.commits.flush();
    await this.serially(() => this.checkpoint());
    await this.closeJournal();
  }
}

/** One `write(2)` of `data` from `offset`; resolves with how many bytes went. */
function writeSome(fd: number, data: Buffer, offset: number): Promise<number> {
  return new Promise((resolve, reject) =>
    writeFd(fd, data, offset, data.length - offset, null, (error, written) =>
      error ? reject(error) : resolve(written),
    ),
  );
}

function logRecord(seq: number, update: Uint8Array): Buffer {
  const record = Buffer.allocUnsafe(HEADER + update.length);
  record.writeUInt32BE(seq, 0);
  record.writeUInt32BE(update.length, 4);
  record.set(update, HEADER);
  return record;
}

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
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
