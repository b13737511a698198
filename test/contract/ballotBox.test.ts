import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { FileBallotBox } from '../../server/adapters/file/fileBallotBox.js';
import { MemoryBallotBox } from '../../server/adapters/memory/memoryBallotBox.js';
import { RedisBallotBox } from '../../server/adapters/redis/redisBallotBox.js';
import { redisKeys } from '../../server/adapters/redis/keys.js';
import { connectRedis } from '../../server/adapters/redis/redisConnection.js';
import { createLogger } from '../../server/log.js';
import { uniquePrefix } from '../helpers/redis.js';
import { ballotBoxContract } from './ballotBoxContract.js';

ballotBoxContract('memory', async () => {
  const box = new MemoryBallotBox();
  return { box, reopen: async () => box };
});

async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'palabre-ballots-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

ballotBoxContract('files (embedded default)', async () => {
  const dir = await tempDir();
  return { box: new FileBallotBox(dir), reopen: async () => new FileBallotBox(dir) };
});

ballotBoxContract('redis', async () => {
  const keys = redisKeys(uniquePrefix('ballots'));
  const open = async () => {
    const redis = await connectRedis(inject('redisUrl'), createLogger('silent'));
    onTestFinished(() => redis.close());
    return new RedisBallotBox(redis.command, keys);
  };
  return { box: await open(), reopen: open };
});

describe('file ballot box', () => {
  it('survives a torn last line: the next ballot is still read', async () => {
    const dir = await tempDir();
    const box = new FileBallotBox(dir);
    await box.put('s1', 'v1', 'ana', 'b1', { a: true });
    await appendFile(join(dir, 'ballots', 's1', 'v1.jsonl'), '{"m":"ben","i":"b2","b":{"a":');
    await box.put('s1', 'v1', 'chloe', 'b3', { a: false });
    expect(await new FileBallotBox(dir).list('s1', 'v1')).toEqual([
      { memberId: 'ana', ballotId: 'b1', ballot: { a: true } },
      { memberId: 'chloe', ballotId: 'b3', ballot: { a: false } },
    ]);
  });

  it('reads ballots written before ballot ids existed (no id: null)', async () => {
    const dir = await tempDir();
    const box = new FileBallotBox(dir);
    await box.put('s1', 'v1', 'ana', 'b1', { a: true });
    await appendFile(join(dir, 'ballots', 's1', 'v1.jsonl'), '{"m":"ben","b":{"a":false}}\n');
    expect(await box.list('s1', 'v1')).toEqual([
      { memberId: 'ana', ballotId: 'b1', ballot: { a: true } },
      { memberId: 'ben', ballotId: null, ballot: { a: false } },
    ]);
  });

  it('refuses ids that could escape its folder', async () => {
    const box = new FileBallotBox(await tempDir());
    await expect(box.put('../x', 'v1', 'ana', 'b1', {})).rejects.toThrow('invalid');
  });
});
