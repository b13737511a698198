import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { FileDocumentStore } from '../../server/adapters/file/fileDocumentStore.js';
import {
  MemoryDocumentBackend,
  MemoryDocumentStore,
} from '../../server/adapters/memory/memoryDocumentStore.js';
import { documentStoreContract } from './documentStoreContract.js';

documentStoreContract('memory', async () => {
  const backend = new MemoryDocumentBackend();
  return {
    store: new MemoryDocumentStore(backend),
    reopen: async () => new MemoryDocumentStore(backend),
    peer: async () => new MemoryDocumentStore(backend),
  };
});

documentStoreContract('files (embedded default)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palabre-docs-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const open = async () => {
    const store = new FileDocumentStore(dir);
    await store.init();
    return store;
  };
  return { store: await open(), reopen: open };
});
