import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryDocumentStore } from '../../server/adapters/memory/memoryDocumentStore.js';
import { DocumentRegistry } from '../../server/core/documents/documentRegistry.js';
import { LiveDocument } from '../../server/core/documents/liveDocument.js';

function setup(store = new MemoryDocumentStore()) {
  const created: LiveDocument[] = [];
  const errors: string[] = [];
  let loads = 0;
  const load = store.load.bind(store);
  store.load = async (id) => {
    loads++;
    return load(id);
  };
  const registry: DocumentRegistry = new DocumentRegistry({
    create: (id) => {
      const doc = new LiveDocument(id, store, {
        compactEvery: 100,
        onError: (message) => errors.push(message),
        onBroken: (broken) => registry.markBroken(broken),
      });
      created.push(doc);
      return doc;
    },
    onError: (message) => errors.push(message),
  });
  return { registry, store, created, errors, loads: () => loads };
}

const insert = (text: string) => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
};

describe('document registry', () => {
  it('loads once for concurrent leases and unloads after the last release, once written', async () => {
    const { registry, loads } = setup();
    const leases = await Promise.all([1, 2, 3].map(() => registry.acquire('s/g')));
    expect(loads()).toBe(1);
    expect(new Set(leases.map((l) => l.doc)).size).toBe(1);
    expect(registry.stateOf('s/g')).toBe('live');
    await leases[0]!.doc.accept(insert('a'), null);
    leases[0]!.release();
    leases[0]!.release(); // idempotent
    leases[1]!.release();
    expect(registry.stateOf('s/g')).toBe('live');
    leases[2]!.release();
    expect(registry.stateOf('s/g')).toBe('unloading');
    await expect.poll(() => registry.stateOf('s/g')).toBeUndefined();
    const again = await registry.acquire('s/g');
    expect(loads()).toBe(2);
    expect(again.doc.doc.getText('t').toString()).toBe('a');
  });

  it('a lease taken while unloading revives the same copy', async () => {
    const { registry, loads } = setup();
    const first = await registry.acquire('s/g');
    first.release();
    expect(registry.stateOf('s/g')).toBe('unloading');
    const second = await registry.acquire('s/g');
    expect(second.doc).toBe(first.doc);
    expect(registry.stateOf('s/g')).toBe('live');
    await first.doc.idle();
    expect(registry.stateOf('s/g')).toBe('live');
    expect(loads()).toBe(1);
  });

  it('forgets a broken copy at once; the next lease loads a fresh one from the store', async () => {
    const { registry, store, created } = setup();
    const lease = await registry.acquire('s/g');
    await lease.doc.accept(insert('kept'), null);
    store.append = async () => {
      throw new Error('disk full');
    };
    expect(await lease.doc.accept(insert('lost'), null)).toMatchObject({ code: 'unavailable' });
    expect(registry.stateOf('s/g')).toBeUndefined();
    lease.release();
    store.append = MemoryDocumentStore.prototype.append.bind(store);
    const fresh = await registry.acquire('s/g');
    expect(fresh.doc).not.toBe(created[0]);
    expect(fresh.doc.doc.getText('t').toString()).toBe('kept');
  });

  it('a failed load rejects every waiting lease and leaves nothing behind', async () => {
    const { registry, store } = setup();
    store.load = async () => {
      throw new Error('store down');
    };
    await expect(Promise.all([registry.acquire('s/g'), registry.acquire('s/g')])).rejects.toThrow(
      'store down',
    );
    expect(registry.size).toBe(0);
    await expect(registry.withDocument('s/g', () => 1)).rejects.toThrow('store down');
  });

  it('withDocument releases its lease whatever the function does', async () => {
    const { registry } = setup();
    await expect(
      registry.withDocument('s/g', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    // Released: the document leaves memory (a held one would stay live).
    await expect.poll(() => registry.stateOf('s/g')).toBeUndefined();
  });
});
