import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { FileEventStore } from '../../server/adapters/file/fileEventStore.js';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { eventStoreContract } from './eventStoreContract.js';

eventStoreContract('memory', async () => {
  const store = new MemoryEventStore();
  return { store, reopen: async () => store };
});

eventStoreContract('files (embedded default)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palabre-store-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const open = async () => {
    const store = new FileEventStore(dir);
    await store.init();
    return store;
  };
  return { store: await open(), reopen: open };
});
