import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MemoryDocumentBackend,
  MemoryDocumentStore,
} from '../../server/adapters/memory/memoryDocumentStore.js';
import { LiveDocument } from '../../server/core/documents/liveDocument.js';

function edit(doc: Y.Doc, text: string): Uint8Array {
  let captured: Uint8Array | undefined;
  const grab = (u: Uint8Array) => (captured = u);
  doc.on('update', grab);
  doc.getText('t').insert(doc.getText('t').length, text);
  doc.off('update', grab);
  return captured!;
}

function open(store: MemoryDocumentStore) {
  const frames: Uint8Array[] = [];
  const live = new LiveDocument('s1/g1', store, {
    compactEvery: 1000,
    onError: (msg, err) => {
      throw new Error(`${msg}: ${String(err)}`);
    },
    onBroken: () => undefined,
  });
  live.subscribers.add({ send: (frame) => frames.push(frame), close: () => undefined });
  return { live, frames };
}

describe('a document served by several processes', () => {
  it('reads the store again when a feed message was lost, and tells its readers', async () => {
    const backend = new MemoryDocumentBackend();
    const here = new MemoryDocumentStore(backend);
    const elsewhere = new MemoryDocumentStore(backend);
    const { live, frames } = open(here);
    await live.load();

    const writer = new Y.Doc();
    const first = edit(writer, 'Un. ');
    const second = edit(writer, 'Deux.');
    await elsewhere.append('s1/g1', [first]);
    const { seq } = await elsewhere.append('s1/g1', [second]);
    // The message of the first batch never arrived; the second shows a hole.
    live.receiveRemote(seq, [second]);
    await expect.poll(() => live.doc.getText('t').toString()).toBe('Un. Deux.');
    expect(frames.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps remote batches that arrive while it is loading', async () => {
    const backend = new MemoryDocumentBackend();
    const here = new MemoryDocumentStore(backend);
    const elsewhere = new MemoryDocumentStore(backend);
    const writer = new Y.Doc();
    await elsewhere.append('s1/g1', [edit(writer, 'Avant. ')]);
    const { live } = open(here);
    const loading = live.load();
    // Appended after the load read the store, announced before the load finished.
    const late = edit(writer, 'Pendant.');
    const { seq } = await elsewhere.append('s1/g1', [late]);
    live.receiveRemote(seq, [late]);
    await loading;
    expect(live.doc.getText('t').toString()).toBe('Avant. Pendant.');
  });
});
