import { describe, expect, inject, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { LiveDocument } from '../../server/core/documents/liveDocument.js';
import { redisKeys } from '../../server/adapters/redis/keys.js';
import { connectRedis } from '../../server/adapters/redis/redisConnection.js';
import { RedisDocumentStore } from '../../server/adapters/redis/redisDocumentStore.js';
import { createLogger } from '../../server/log.js';
import { uniquePrefix } from '../helpers/redis.js';
import { documentStoreContract } from './documentStoreContract.js';

documentStoreContract('redis', async () => {
  const prefix = uniquePrefix('docs');
  const open = async () => {
    const redis = await connectRedis(inject('redisUrl'), createLogger('silent'));
    const store = new RedisDocumentStore(redis.command, redis.subscriber, redisKeys(prefix));
    await store.init();
    onTestFinished(async () => {
      await store.close();
      await redis.close();
    });
    return store;
  };
  return { store: await open(), reopen: open, peer: open };
});

describe('Redis document compaction', () => {
  async function open(prefix: string) {
    const redis = await connectRedis(inject('redisUrl'), createLogger('silent'));
    const store = new RedisDocumentStore(redis.command, redis.subscriber, redisKeys(prefix));
    await store.init();
    onTestFinished(async () => {
      await store.close();
      await redis.close();
    });
    return store;
  }

  it("one process at a time holds a document's compaction lock; its release frees it", async () => {
    const prefix = uniquePrefix('lock');
    const [a, b] = [await open(prefix), await open(prefix)];
    const held = await a.lockCompaction('s/g');
    expect(held).not.toBeNull();
    expect(await b.lockCompaction('s/g')).toBeNull();
    expect(await b.lockCompaction('s/other')).not.toBeNull();
    await held!.release();
    const again = await b.lockCompaction('s/g');
    expect(again).not.toBeNull();
    // A release by a holder whose lock was taken over does not free the new holder's.
    await held!.release();
    expect(await a.lockCompaction('s/g')).toBeNull();
  });

  it('two processes serving a document: only the one holding the lock compacts, off the write path', async () => {
    const prefix = uniquePrefix('compact');
    const [storeA, storeB] = [await open(prefix), await open(prefix)];
    const compacts: string[] = [];
    const spy = (name: string, store: RedisDocumentStore) => {
      const compact = store.compact.bind(store);
      store.compact = async (...args) => {
        compacts.push(name);
        return compact(...args);
      };
    };
    spy('a', storeA);
    spy('b', storeB);
    const live = (store: RedisDocumentStore) =>
      new LiveDocument('s/g', store, {
        compactEvery: 5,
        onError: () => undefined,
        onBroken: () => undefined,
      });
    const [a, b] = [live(storeA), live(storeB)];
    // As the document service does: what B's store reads from the stream reaches B's copy.
    storeB.subscribe((batch) => b.receiveRemote(batch.firstSeq, batch.updates));
    await Promise.all([a.load(), b.load()]);
    // B holds the lock (as if compacting): A's writes go on, and A does not compact.
    const lock = await storeB.lockCompaction('s/g');
    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 6; i++) writer.getText('t').insert(i, 'x');
    await Promise.all(updates.map((u) => a.accept(u, null)));
    await a.idle();
    expect(compacts).toEqual([]);
    await lock!.release();
    await expect.poll(() => b.doc.getText('t').length).toBe(6);
    await b.compact();
    expect(compacts).toEqual(['b']);
    expect((await storeA.load('s/g')).snapshotSeq).toBe(6);
    a.destroy();
    b.destroy();
  });
});
