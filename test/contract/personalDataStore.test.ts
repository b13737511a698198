import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { FilePersonalDataStore } from '../../server/adapters/file/filePersonalDataStore.js';
import { MemoryPersonalDataStore } from '../../server/adapters/memory/memoryPersonalDataStore.js';
import { redisKeys } from '../../server/adapters/redis/keys.js';
import { RedisPersonalDataStore } from '../../server/adapters/redis/redisPersonalDataStore.js';
import type { PersonalDataStore } from '../../server/ports/personalDataStore.js';
import { uniquePrefix } from '../helpers/redis.js';

const record = (name: string) => ({
  salt: `salt-${name}`,
  values: { name, attributes: { quartier: 'Nord' } },
});

/** The contract every personal data store keeps: records by event and member, erasure, deletion. */
function personalDataStoreContract(
  name: string,
  open: () => Promise<{ store: PersonalDataStore; reopen(): Promise<PersonalDataStore> }>,
) {
  describe(`PersonalDataStore contract: ${name}`, () => {
    it('keeps records by event ref and member, across a reopen', async () => {
      const { store, reopen } = await open();
      await store.put('s1', 'p1', { ana: record('Ana') });
      await store.put('s1', 'p2', { ana: record('Ana B'), ben: record('Ben') });
      await store.put('s2', 'p1', { cem: record('Cem') });
      for (const s of [store, await reopen()]) {
        const found = await s.get('s1', ['p1', 'p2', 'unknown']);
        expect(found.get('p1')).toEqual({ ana: record('Ana') });
        expect(found.get('p2')).toEqual({ ana: record('Ana B'), ben: record('Ben') });
        expect(found.has('unknown')).toBe(false);
        expect((await s.get('s2', ['p1'])).get('p1')).toEqual({ cem: record('Cem') });
        expect((await s.get('s1', [])).size).toBe(0);
      }
    });

    it('erases one member of one session, everywhere in it, and no one else', async () => {
      const { store, reopen } = await open();
      await store.put('s1', 'p1', { ana: record('Ana') });
      await store.put('s1', 'p2', { ana: record('Ana B'), ben: record('Ben') });
      await store.put('s2', 'p1', { ana: record('Ana in s2') });
      await store.eraseMember('s1', 'ana');
      await store.eraseMember('s1', 'nobody');
      for (const s of [store, await reopen()]) {
        const found = await s.get('s1', ['p1', 'p2']);
        expect(found.has('p1')).toBe(false);
        expect(found.get('p2')).toEqual({ ben: record('Ben') });
        expect((await s.get('s2', ['p1'])).get('p1')).toEqual({ ana: record('Ana in s2') });
      }
    });

    it('deletes a session and no other', async () => {
      const { store, reopen } = await open();
      await store.put('s1', 'p1', { ana: record('Ana') });
      await store.put('s2', 'p1', { ben: record('Ben') });
      await store.deleteSession('s1');
      await store.deleteSession('never');
      for (const s of [store, await reopen()]) {
        expect((await s.get('s1', ['p1'])).size).toBe(0);
        expect((await s.get('s2', ['p1'])).size).toBe(1);
      }
    });
  });
}

personalDataStoreContract('memory', async () => {
  const store = new MemoryPersonalDataStore();
  return { store, reopen: async () => store };
});

personalDataStoreContract('file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palabre-personal-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return { store: new FilePersonalDataStore(dir), reopen: async () => new FilePersonalDataStore(dir) };
});

personalDataStoreContract('redis', async () => {
  const redis = new Redis(inject('redisUrl'));
  onTestFinished(() => void redis.quit());
  const keys = redisKeys(uniquePrefix('personal'));
  return {
    store: new RedisPersonalDataStore(redis, keys),
    reopen: async () => new RedisPersonalDataStore(redis, keys),
  };
});
