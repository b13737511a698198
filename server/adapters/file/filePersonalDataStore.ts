import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyedQueue } from '../../core/keyedQueue.js';
import type { PersonalRecord } from '../../ports/personalDataStore.js';
import { MemoryPersonalDataStore } from '../memory/memoryPersonalDataStore.js';
import type { SessionRecords } from '../memory/memoryPersonalDataStore.js';
import { fileFor } from './safeName.js';
import { appendSynced, writeAtomically } from './syncedFiles.js';

/** One line of the file: records by `${ref}/${memberId}`. */
type Line = Record<string, PersonalRecord>;

/**
 * `<dataDir>/personal/<sessionId>.json`: a session's personal records as JSON lines, each an object of records
 * by `${ref}/${memberId}` (later lines win). A `put` appends one line (append, fdatasync: its own records
 * only, so a join costs the same in a session of 10 or 10,000 members; rewriting the whole file on each join
 * was O(members) per join, bench/RESULTS.md "Scale on one process"). Erasing a member or deleting the
 * session writes the file again whole (temporary file, fsync, rename) without their records, so that
 * erased values leave the disk. A file of one line is the format written before the appends (read as is).
 * A torn last line left by a crash mid-append (its `put` never resolved) is ignored, and the next write
 * rewrites the file whole.
 */
export class FilePersonalDataStore extends MemoryPersonalDataStore {
  private readonly dir: string;
  private readonly loaded = new Set<string>();
  /**
   * Sessions whose file does not end with a line break (a torn line, or a file written before the appends):
   * their next write rewrites the file whole, so that no line is appended to a fragment.
   */
  private readonly rewrite = new Set<string>();
  private readonly queue = new KeyedQueue();

  constructor(dataDir: string) {
    super();
    this.dir = join(dataDir, 'personal');
  }

  private file(sessionId: string): string {
    return fileFor(this.dir, sessionId, '.json');
  }

  protected override async load(sessionId: string): Promise<void> {
    if (this.loaded.has(sessionId)) return;
    try {
      const text = await readFile(this.file(sessionId), 'utf8');
      if (text !== '' && !text.endsWith('\n')) this.rewrite.add(sessionId);
      const lines = text.split('\n');
      const last = lines.length - 1;
      const stored: Line = {};
      lines.forEach((line, i) => {
        if (line === '') return;
        try {
          Object.assign(stored, JSON.parse(line) as Line);
        } catch (error) {
          // Only the last line can be torn (a crash mid-append); anything else is a damaged file.
          if (i !== last) throw error;
        }
      });
      const session = this.sessions.get(sessionId) ?? (new Map() as SessionRecords);
      for (const [key, record] of Object.entries(stored)) {
        const slash = key.lastIndexOf('/');
        const ref = key.slice(0, slash);
        const byMember = session.get(ref) ?? new Map<string, PersonalRecord>();
        if (!byMember.has(key.slice(slash + 1))) byMember.set(key.slice(slash + 1), record);
        session.set(ref, byMember);
      }
      this.sessions.set(sessionId, session);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.loaded.add(sessionId);
  }

  override async put(sessionId: string, ref: string, records: Record<string, PersonalRecord>): Promise<void> {
    await this.load(sessionId);
    return super.put(sessionId, ref, records);
  }

  protected override async persist(
    sessionId: string,
    added?: { ref: string; records: Record<string, PersonalRecord> },
  ): Promise<void> {
    const path = this.file(sessionId);
    await this.queue.run(sessionId, async () => {
      const session = this.sessions.get(sessionId);
      if (!session || session.size === 0) {
        await rm(path, { force: true });
        this.rewrite.delete(sessionId);
        return;
      }
      if (added && !this.rewrite.has(sessionId)) {
        const line: Line = {};
        for (const [memberId, record] of Object.entries(added.records))
          line[`${added.ref}/${memberId}`] = record;
        await appendSynced(path, `${JSON.stringify(line)}\n`);
        return;
      }
      const whole: Line = {};
      for (const [ref, byMember] of session)
        for (const [memberId, record] of byMember) whole[`${ref}/${memberId}`] = record;
      await writeAtomically(path, `${JSON.stringify(whole)}\n`);
      this.rewrite.delete(sessionId);
    });
  }

  override async deleteSession(sessionId: string): Promise<void> {
    this.loaded.add(sessionId);
    await super.deleteSession(sessionId);
  }
}
