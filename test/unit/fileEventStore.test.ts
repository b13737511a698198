import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileEventStore } from '../../server/adapters/file/fileEventStore.js';
import { chain } from '../../server/core/hashChain.js';
import { newEvent } from '../../shared/session/events.js';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('FileEventStore', () => {
  it('cuts a torn last line left by a crash, and appends cleanly after it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'palabre-torn-'));
    const store = new FileEventStore(dir);
    await store.init();
    const [e1] = chain({ version: 0, hash: '' }, [newEvent('session.started', {})], 1, 'system');
    await store.append('s1', 0, [e1!]);
    await appendFile(join(dir, 'sessions', 's1.jsonl'), '{"v":2,"type":"sess');
    const reopened = new FileEventStore(dir);
    await reopened.init();
    expect(await reopened.read('s1')).toEqual([e1]);
    const [e2] = chain({ version: 1, hash: e1!.hash }, [newEvent('session.ended', {})], 2, 'system');
    expect(await reopened.append('s1', 1, [e2!])).toEqual({ ok: true });
    const lines = (await readFile(join(dir, 'sessions', 's1.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).v)).toEqual([1, 2]);
  });

  it('refuses session ids that could escape the data directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'palabre-ids-'));
    const store = new FileEventStore(dir);
    await store.init();
    await expect(store.read('../../etc/passwd')).rejects.toThrow('invalid session id');
  });
});
