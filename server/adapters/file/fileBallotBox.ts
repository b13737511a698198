import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ballot } from '../../../shared/session/outcomes/types.js';
import type { BallotBox, StoredBallot } from '../../ports/ballotBox.js';
import { KeyedQueue } from '../../core/keyedQueue.js';
import { isSafeId } from './safeName.js';

/**
 * The embedded default: one JSON-lines file per vote under `<dataDir>/ballots/<sessionId>/`, each line
 * `{"m": memberId, "i": ballotId, "b": ballot}` appended and fsynced before `put` resolves (lines without `i`
 * were written before ballot ids existed).
 * The directory is apart from the session logs, so exporting a log never carries ballots. A torn last line
 * (crash mid-write) is ignored: that ballot was never acknowledged.
 */
export class FileBallotBox implements BallotBox {
  private readonly dir: string;
  private readonly queue = new KeyedQueue();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'ballots');
  }

  private file(sessionId: string, voteId: string): { dir: string; path: string } {
    if (!isSafeId(sessionId) || !isSafeId(voteId)) throw new Error('invalid session or vote id');
    const dir = join(this.dir, sessionId);
    return { dir, path: join(dir, `${voteId}.jsonl`) };
  }

  async put(
    sessionId: string,
    voteId: string,
    memberId: string,
    ballotId: string,
    ballot: Ballot,
  ): Promise<void> {
    const { dir, path } = this.file(sessionId, voteId);
    return this.queue.run(path, async () => {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const handle = await open(path, 'a+', 0o600);
      try {
        // After a torn last line, start on a fresh line so this ballot stays readable.
        const { size } = await handle.stat();
        const last = Buffer.alloc(1);
        if (size > 0) await handle.read(last, 0, 1, size - 1);
        const lead = size > 0 && last[0] !== 0x0a ? '\n' : '';
        await handle.appendFile(`${lead}${JSON.stringify({ m: memberId, i: ballotId, b: ballot })}\n`);
        await handle.datasync();
      } finally {
        await handle.close();
      }
    });
  }

  async list(sessionId: string, voteId: string): Promise<StoredBallot[]> {
    const { path } = this.file(sessionId, voteId);
    return this.queue.run(path, async () => {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const ballots: StoredBallot[] = [];
      for (const line of text.split('\n')) {
        if (!line) continue;
        try {
          const { m, i, b } = JSON.parse(line) as { m: string; i?: string; b: Ballot };
          ballots.push({ memberId: m, ballotId: i ?? null, ballot: b });
        } catch {
          // a torn last line: never acknowledged
        }
      }
      return ballots;
    });
  }

  async discard(sessionId: string, voteId: string): Promise<void> {
    const { path } = this.file(sessionId, voteId);
    return this.queue.run(path, () => rm(path, { force: true }));
  }

  async deleteSession(sessionId: string): Promise<void> {
    if (!isSafeId(sessionId)) throw new Error('invalid session id');
    await rm(join(this.dir, sessionId), { recursive: true, force: true });
  }

  async close(): Promise<void> {}
}
